import type { TRecoverMissedSchedules } from "../flow/trigger-types";
import type { CronTicks } from "../values/cron";

/**
 * Where a schedule resumes after ticks were missed (no server ran, or it was switched off), as
 * Kestra's `recoverMissedSchedules` says: ALL from the first missed tick (each one runs), LAST from
 * the latest tick at or before now (that one runs), NONE from the first tick after now (none runs).
 * A `nextDate` not yet due is kept.
 */
export function recoveredNextDate(
  ticks: CronTicks,
  nextDate: Date,
  now: Date,
  policy: TRecoverMissedSchedules,
): Date | null {
  if (nextDate > now) return nextDate;
  if (policy === "ALL") return nextDate;
  if (policy === "NONE") return ticks.after(now);
  const latest = ticks.atOrBefore(now);
  return latest && latest > nextDate ? latest : nextDate;
}

/** Whether `nextDate` is overdue by more than the grace, i.e. ticks were missed rather than just reached. */
export function isMissed(nextDate: Date, now: Date, graceMs: number): boolean {
  return now.getTime() - nextDate.getTime() > graceMs;
}

/**
 * The ticks a scheduler fires after a restart, from the stored `nextDate` up to `now`, at most
 * `limit` (the scheduler's loop does the same, one claimed tick at a time). Pure: for tests and the API's preview.
 */
export function plannedTicks(
  ticks: CronTicks,
  nextDate: Date,
  now: Date,
  policy: TRecoverMissedSchedules,
  limit = 1000,
): Date[] {
  const out: Date[] = [];
  let tick = recoveredNextDate(ticks, nextDate, now, policy);
  while (tick && tick <= now && out.length < limit) {
    out.push(tick);
    tick = ticks.after(tick);
  }
  return out;
}
