import { describe, expect, it } from "vitest";
import { histogramByType } from "./run-totals";

const row = (taskType: string, le: string, count: number, durationSum: number) => ({
  taskType,
  le,
  _sum: { count: BigInt(count), durationSum },
});

describe("the duration histogram from the per-bucket totals the database keeps", () => {
  it("makes cumulative buckets per task type, with +Inf, the sum and the count", () => {
    const samples = histogramByType([row("t", "0.5", 2, 0.6), row("t", "30", 1, 20), row("t", "+Inf", 1, 4000)]);
    const bucket = (le: string) => samples.find((s) => s.suffix === "_bucket" && s.labels?.le === le)?.value;
    expect([bucket("0.1"), bucket("0.5"), bucket("1"), bucket("30"), bucket("3600"), bucket("+Inf")]).toEqual([
      0, 2, 2, 3, 3, 4,
    ]);
    expect(samples.filter((s) => s.suffix !== "_bucket")).toEqual([
      { suffix: "_sum", labels: { type: "t" }, value: 4020.6 },
      { suffix: "_count", labels: { type: "t" }, value: 4 },
    ]);
  });

  it("keeps task types apart", () => {
    const samples = histogramByType([row("a", "1", 1, 1), row("b", "5", 3, 9)]);
    const count = (type: string) => samples.find((s) => s.suffix === "_count" && s.labels?.type === type)?.value;
    expect([count("a"), count("b")]).toEqual([1, 3]);
  });
});
