import { describe, expect, it } from "vitest";
import { retryPolicy } from "./retry-policy";

describe("retryPolicy", () => {
  it("retries a constant interval up to maxAttempt attempts in all", () => {
    const p = retryPolicy({ type: "constant", interval: "PT1S", maxAttempt: 3 });
    expect([2, 3, 4].map((n) => p.delayBefore(n, 0))).toEqual([1000, 1000, null]);
  });

  it("grows an exponential interval, capped by maxInterval", () => {
    const p = retryPolicy({
      type: "exponential",
      interval: "PT1S",
      maxAttempt: "5",
      delayFactor: 3,
      maxInterval: "PT5S",
    });
    expect([2, 3, 4, 5, 6].map((n) => p.delayBefore(n, 0))).toEqual([1000, 3000, 5000, 5000, null]);
  });

  it("stops when maxDuration would be passed, and never retries without a policy", () => {
    const p = retryPolicy({ type: "constant", interval: "PT10S", maxDuration: "PT25S" });
    expect(p.delayBefore(2, 0)).toBe(10_000);
    expect(p.delayBefore(3, 20_000)).toBeNull();
    expect(retryPolicy(undefined).delayBefore(2, 0)).toBeNull();
  });

  it("random draws each wait between minInterval and maxInterval", () => {
    const p = retryPolicy({ type: "random", minInterval: "PT1S", maxInterval: "PT2S", maxAttempt: 50 });
    const waits = Array.from({ length: 40 }, (_, i) => p.delayBefore(i + 2, 0)!);
    expect(waits.every((w) => w >= 1000 && w <= 2000)).toBe(true);
    expect(new Set(waits).size).toBeGreaterThan(1);
  });
});
