import { setImmediate as nextTurn } from "node:timers/promises";
import type { CronTicks } from "../values/cron";

/**
 * Ticks computed between two turns of the event loop. croner takes tens of microseconds a tick, so
 * ten thousand ticks in one go would hold every request for about half a second.
 */
const TICKS_PER_TURN = 200;

/**
 * How many ticks fall in [from, to], counted up to `limit + 1` at most: enough to tell "more than
 * the limit" without enumerating the millions a seconds cron has over years.
 */
export async function countTicks(ticks: CronTicks, from: Date, to: Date, limit: number): Promise<number> {
  let count = 0;
  for (let tick = ticks.atOrAfter(from); tick && tick <= to && count <= limit; tick = ticks.after(tick)) {
    count++;
    if (count % TICKS_PER_TURN === 0) await nextTurn();
  }
  return count;
}

/** Whether [from, to] may hold more than `limit` ticks: ticks are whole seconds apart (whole minutes without seconds). */
export function mayHoldMoreThan(from: Date, to: Date, limit: number, withSeconds: boolean): boolean {
  const span = Math.max(0, to.getTime() - from.getTime());
  return Math.floor(span / (withSeconds ? 1000 : 60_000)) + 1 > limit;
}

/** The earliest of the latest `n` ticks at or before `at` (the oldest there is when fewer exist), or null when none. */
export async function startOfLatestTicks(ticks: CronTicks, at: Date, n: number): Promise<Date | null> {
  let earliest = ticks.atOrBefore(at);
  for (let i = 1; earliest && i < n; i++) {
    const before = ticks.before(earliest);
    if (!before) break;
    earliest = before;
    if (i % TICKS_PER_TURN === 0) await nextTurn();
  }
  return earliest;
}
