import type { TConfig } from "../config";
import type { Problem } from "../errors/app-error";
import { readSchedule, SCHEDULE_TYPE, type TScheduleTrigger } from "../flow/trigger-types";
import { shortestGapSeconds } from "../values/cron";

/** The settings that bound what a Schedule makes the server do (README "Security": caps). */
export type ScheduleLimits = Pick<TConfig, "OSPREY_MAX_BACKFILL_TICKS" | "OSPREY_MIN_SCHEDULE_INTERVAL_SECONDS">;

/** Why a Schedule fires too often for `minSeconds` between two ticks, or null when it does not. */
export function scheduleIntervalProblem(
  schedule: Pick<TScheduleTrigger, "cron" | "withSeconds" | "timezone">,
  minSeconds: number,
): string | null {
  // Ticks are whole seconds apart at least: the default minimum (1) needs no reading of the cron.
  if (minSeconds <= 1) return null;
  const gap = shortestGapSeconds(schedule);
  if (gap >= minSeconds) return null;
  return `cron "${schedule.cron}" fires ${gap} s apart, more often than OSPREY_MIN_SCHEDULE_INTERVAL_SECONDS allows (at least ${minSeconds} s between two ticks)`;
}

/** Each Schedule of a flow that fires more often than the minimum interval, with its path in the flow. */
export function scheduleIntervalProblems(
  flow: { triggers?: { id: string; type: string }[] },
  minSeconds: number,
): Problem[] {
  return (flow.triggers ?? []).flatMap((trigger, i) => {
    const schedule = trigger.type === SCHEDULE_TYPE ? readSchedule(trigger) : null;
    const problem = schedule && scheduleIntervalProblem(schedule, minSeconds);
    return problem ? [{ message: `trigger ${trigger.id}: ${problem}`, path: `triggers[${i}].cron` }] : [];
  });
}
