import { z } from "zod";

/** The dashboard's time ranges: the last 24 hours by hour, the last 30 days by day. */
export const ZStatsRange = z.enum(["24h", "30d"]);
export type TStatsRange = z.infer<typeof ZStatsRange>;

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export interface Bucket {
  start: Date;
  end: Date;
}

/**
 * The buckets of a range, oldest first, the last one holding `now`. Hours and days start on the
 * viewer's clock (`utcOffsetMinutes`: local minus UTC, +60 in Paris in winter), so a day bar is a
 * local calendar day and a half-hour zone gets bars from :30 to :30.
 */
export function bucketsFor(range: TStatsRange, now: Date, utcOffsetMinutes: number): Bucket[] {
  const size = range === "24h" ? HOUR : DAY;
  const count = range === "24h" ? 24 : 30;
  const offset = utcOffsetMinutes * 60_000;
  const lastStart = Math.floor((now.getTime() + offset) / size) * size - offset;
  return Array.from({ length: count }, (_, i) => {
    const start = lastStart - (count - 1 - i) * size;
    return { start: new Date(start), end: new Date(start + size) };
  });
}

/** The value at percentile `p` (0–100) of ascending `sorted`, by nearest rank; undefined when empty. */
export function percentile(sorted: readonly number[], p: number): number | undefined {
  if (sorted.length === 0) return undefined;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

export interface DurationSummary {
  count: number;
  avgMs: number;
  p50Ms: number;
  p95Ms: number;
}

/** Average, median and 95th percentile of some run durations; null when there are none. */
export function summarizeDurations(durationsMs: readonly number[]): DurationSummary | null {
  if (durationsMs.length === 0) return null;
  const sorted = [...durationsMs].sort((a, b) => a - b);
  const avgMs = sorted.reduce((sum, d) => sum + d, 0) / sorted.length;
  return {
    count: sorted.length,
    avgMs: Math.round(avgMs),
    p50Ms: percentile(sorted, 50)!,
    p95Ms: percentile(sorted, 95)!,
  };
}

export interface StateCount {
  state: string;
  count: number;
}

/** One row per bucket for a stacked chart: its start and a count per state (0 for a state absent there). */
export function stackByState(
  buckets: readonly Bucket[],
  counts: readonly (readonly StateCount[])[],
  states: readonly string[],
) {
  return buckets.map((b, i) => {
    const row: Record<string, number> = Object.fromEntries(states.map((s) => [s, 0]));
    for (const c of counts[i] ?? []) row[c.state] = (row[c.state] ?? 0) + c.count;
    return { start: b.start.toISOString(), counts: row };
  });
}
