import { describe, expect, it } from "vitest";
import { bucketsFor, percentile, stackByState, summarizeDurations } from "./buckets";

const iso = (d: Date) => d.toISOString();

describe("bucketsFor", () => {
  it("gives 24 hourly buckets ending with the hour that holds now", () => {
    const b = bucketsFor("24h", new Date("2026-11-28T15:42:10Z"), 0);
    expect(b).toHaveLength(24);
    expect(iso(b[23].start)).toBe("2026-11-28T15:00:00.000Z");
    expect(iso(b[23].end)).toBe("2026-11-28T16:00:00.000Z");
    expect(iso(b[0].start)).toBe("2026-11-27T16:00:00.000Z");
    // Contiguous: each bucket ends where the next starts.
    for (let i = 1; i < b.length; i++) expect(b[i].start.getTime()).toBe(b[i - 1].end.getTime());
  });

  it("starts hours on the viewer's clock in a half-hour zone", () => {
    // India is UTC+5:30: local hours start at :30 UTC.
    const b = bucketsFor("24h", new Date("2026-11-28T15:42:10Z"), 330);
    expect(iso(b[23].start)).toBe("2026-11-28T15:30:00.000Z");
    const early = bucketsFor("24h", new Date("2026-11-28T15:12:00Z"), 330);
    expect(iso(early[23].start)).toBe("2026-11-28T14:30:00.000Z");
  });

  it("gives 30 daily buckets starting at the viewer's local midnight", () => {
    const utc = bucketsFor("30d", new Date("2026-11-28T15:42:10Z"), 0);
    expect(utc).toHaveLength(30);
    expect(iso(utc[29].start)).toBe("2026-11-28T00:00:00.000Z");
    expect(iso(utc[0].start)).toBe("2026-10-30T00:00:00.000Z");
    // In Paris (UTC+1) it is already the 29th at 23:30 UTC on the 28th.
    const paris = bucketsFor("30d", new Date("2026-11-28T23:30:00Z"), 60);
    expect(iso(paris[29].start)).toBe("2026-11-28T23:00:00.000Z");
    // In New York (UTC-5) it is still the 28th at 03:00 UTC on the 29th.
    const ny = bucketsFor("30d", new Date("2026-11-29T03:00:00Z"), -300);
    expect(iso(ny[29].start)).toBe("2026-11-28T05:00:00.000Z");
  });
});

describe("percentile and summarizeDurations", () => {
  it("takes the nearest rank", () => {
    const sorted = Array.from({ length: 20 }, (_, i) => (i + 1) * 10);
    expect(percentile(sorted, 50)).toBe(100);
    expect(percentile(sorted, 95)).toBe(190);
    expect(percentile(sorted, 100)).toBe(200);
    expect(percentile(sorted, 0)).toBe(10);
    expect(percentile([], 50)).toBeUndefined();
  });

  it("summarizes unsorted durations", () => {
    expect(summarizeDurations([3000, 1000, 2000, 10_000])).toEqual({
      count: 4,
      avgMs: 4000,
      p50Ms: 2000,
      p95Ms: 10_000,
    });
    expect(summarizeDurations([500])).toEqual({ count: 1, avgMs: 500, p50Ms: 500, p95Ms: 500 });
    expect(summarizeDurations([])).toBeNull();
  });
});

describe("stackByState", () => {
  it("fills every state of every bucket, zero where nothing ran", () => {
    const buckets = bucketsFor("24h", new Date("2026-11-28T15:00:00Z"), 0).slice(-2);
    const rows = stackByState(
      buckets,
      [
        [{ state: "FAILED", count: 2 }],
        [
          { state: "SUCCESS", count: 3 },
          { state: "RUNNING", count: 1 },
        ],
      ],
      ["SUCCESS", "FAILED"],
    );
    expect(rows).toEqual([
      { start: "2026-11-28T14:00:00.000Z", counts: { SUCCESS: 0, FAILED: 2 } },
      { start: "2026-11-28T15:00:00.000Z", counts: { SUCCESS: 3, FAILED: 0, RUNNING: 1 } },
    ]);
  });
});
