import { POLLING_TRIGGER_TYPES, TRIGGER_SCHEMAS_BY_TYPE, type TPollingTrigger } from "../flow/trigger-schemas";
import { durationMs } from "../values/values";

/** A saved flow's polling trigger (http.Trigger, a plugin's) with its type's defaults filled in, or null when it is not one. */
export function readPollingTrigger(trigger: unknown): TPollingTrigger | null {
  const type = (trigger as { type?: unknown } | null)?.type;
  if (typeof type !== "string" || !POLLING_TRIGGER_TYPES.includes(type)) return null;
  const parsed = TRIGGER_SCHEMAS_BY_TYPE[type].safeParse(trigger);
  return parsed.success ? (parsed.data as TPollingTrigger) : null;
}

/** Milliseconds between two polls. */
export function pollIntervalMs(trigger: TPollingTrigger): number {
  return durationMs(trigger.interval, "interval") ?? 60_000;
}

/** The interval as the sync compares it: a change starts the wait again from now. */
export function pollKey(trigger: TPollingTrigger): string {
  return JSON.stringify({ interval: trigger.interval });
}
