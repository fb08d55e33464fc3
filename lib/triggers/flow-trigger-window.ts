import { durationMs } from "../values/values";
import type { TTimeWindow } from "../flow/condition-schema";
import { timeOfDaySeconds } from "./conditions/condition-dates";

const DAY = 86_400_000;

/** Which parts of a windowed condition (an upstream flow, a filter) were met, and in which window. */
export interface WindowState {
  start: Date;
  end: Date;
  /** Keys of the parts met in this window. */
  results: string[];
}

/** A condition met over a time window: Kestra's preconditions, or the older MultipleCondition. */
export interface WindowedSpec {
  id: string;
  timeWindow: TTimeWindow;
  resetOnSuccess: boolean;
  /** Keys of every part that must be met in one window. */
  keys: string[];
}

/**
 * The window `now` falls in (UTC): a DURATION_WINDOW of `window` (default P1D) from midnight, shifted
 * by `windowAdvance`, as Kestra documents it; a SLIDING_WINDOW opens now; daily windows are today's
 * `startTime`–`endTime` or midnight–`deadline`.
 */
export function windowBounds(tw: TTimeWindow, now: Date): { start: Date; end: Date } {
  const midnight = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const length = durationMs(tw.window, "timeWindow.window") ?? DAY;
  switch (tw.type) {
    case "SLIDING_WINDOW":
      return { start: now, end: new Date(now.getTime() + length) };
    case "DAILY_TIME_WINDOW":
      return {
        start: new Date(midnight + timeOfDaySeconds(tw.startTime!) * 1000),
        end: new Date(midnight + timeOfDaySeconds(tw.endTime!) * 1000),
      };
    case "DAILY_TIME_DEADLINE":
      return { start: new Date(midnight), end: new Date(midnight + timeOfDaySeconds(tw.deadline!) * 1000) };
    default: {
      const advance = durationMs(tw.windowAdvance, "timeWindow.windowAdvance") ?? 0;
      const since = now.getTime() - midnight - advance;
      const start = midnight + advance + Math.floor(since / length) * length;
      return { start: new Date(start), end: new Date(start + length - 1) };
    }
  }
}

/**
 * Records the parts one ended execution met. Returns whether every part is now met in the window,
 * and the state to keep: null when nothing is to be kept (reset after success, or nothing met).
 * A moment outside a daily window counts for nothing.
 */
export function advanceWindow(
  stored: WindowState | null,
  spec: WindowedSpec,
  met: readonly string[],
  now: Date,
): { complete: boolean; next: WindowState | null } {
  const current =
    stored && stored.start <= now && now <= stored.end
      ? stored
      : { ...windowBounds(spec.timeWindow, now), results: [] };
  if (now < current.start || now > current.end)
    return { complete: false, next: stored && current === stored ? stored : null };
  const results = [...new Set([...current.results, ...met])].filter((k) => spec.keys.includes(k));
  const complete = spec.keys.every((k) => results.includes(k));
  if (complete && spec.resetOnSuccess) return { complete, next: null };
  return { complete, next: results.length ? { start: current.start, end: current.end, results } : null };
}
