import { describe, expect, it } from "vitest";
import { shortDuration } from "./chart-format";

describe("shortDuration", () => {
  it("picks the unit a reader expects", () => {
    expect(shortDuration(850)).toBe("850 ms");
    expect(shortDuration(1234)).toBe("1.2 s");
    expect(shortDuration(42_000)).toBe("42 s");
    expect(shortDuration(270_000)).toBe("4.5 min");
    expect(shortDuration(4_320_000)).toBe("1.2 h");
  });
});
