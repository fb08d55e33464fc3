import { HTTP_TRIGGER_TYPE, type THttpTrigger, ZHttpTrigger } from "../flow/trigger-schemas";
import { durationMs } from "../values/values";

/** A saved flow's http.Trigger with Kestra's defaults filled in, or null when it is not one. */
export function readHttpTrigger(trigger: unknown): THttpTrigger | null {
  if ((trigger as { type?: unknown } | null)?.type !== HTTP_TRIGGER_TYPE) return null;
  const parsed = ZHttpTrigger.safeParse(trigger);
  return parsed.success ? (parsed.data as THttpTrigger) : null;
}

/** Milliseconds between two polls. */
export function pollIntervalMs(trigger: THttpTrigger): number {
  return durationMs(trigger.interval, "interval") ?? 60_000;
}

/** The interval as the sync compares it: a change starts the wait again from now. */
export function pollKey(trigger: THttpTrigger): string {
  return JSON.stringify({ interval: trigger.interval });
}
