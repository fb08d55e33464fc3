import { describe, expect, it } from "vitest";
import { AttemptLimiter } from "./attempt-limiter";

describe("AttemptLimiter", () => {
  it("allows max attempts per key per window, then refuses until the window passes", () => {
    let t = 0;
    const limiter = new AttemptLimiter(3, 60_000, () => t);
    expect([1, 2, 3, 4].map(() => limiter.take("a@x"))).toEqual([true, true, true, false]);
    expect(limiter.take("b@x")).toBe(true); // other keys are not affected
    t = 59_999;
    expect(limiter.take("a@x")).toBe(false);
    t = 60_000;
    expect(limiter.take("a@x")).toBe(true);
  });
});
