import type { Bucket, StateCount } from "./buckets";

export const HOUR = 3_600_000;

/** Executions of one state created within one hour (ExecutionCount.hour: hours since 1970 UTC). */
export interface HourCount {
  hour: number;
  state: string;
  count: number;
}

/**
 * Hourly counts added up per bucket. An hour counts in the bucket holding its middle: with a
 * whole-hour UTC offset every hour lies inside one bucket and the figures are exact; with a
 * half-hour offset (India, +5:30) a bucket's figures are those of the hours starting 30 minutes
 * before it (the counts are kept per UTC hour).
 */
export function countsPerBucket(buckets: readonly Bucket[], hours: readonly HourCount[]): StateCount[][] {
  const out: Map<string, number>[] = buckets.map(() => new Map());
  if (buckets.length === 0) return [];
  const first = buckets[0].start.getTime();
  const size = buckets[0].end.getTime() - first;
  for (const h of hours) {
    const i = Math.floor((h.hour * HOUR + HOUR / 2 - first) / size);
    if (i < 0 || i >= buckets.length) continue;
    out[i].set(h.state, (out[i].get(h.state) ?? 0) + h.count);
  }
  return out.map((m) => [...m].map(([state, count]) => ({ state, count })));
}
