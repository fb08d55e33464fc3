import type { Db } from "../db/create-client";
import { parseFlow } from "../flow/parse-flow";
import { readSchedule, SCHEDULE_TYPE, type TScheduleTrigger } from "../flow/trigger-types";
import { CronTicks, serverTimezone } from "../values/cron";
import { pollIntervalMs, pollKey, readPollingTrigger } from "./poll-trigger-plan";
import { scheduleIntervalProblem } from "./schedule-limits";

/** What the sync reads of a flow. */
export interface FlowTriggers {
  namespace: string;
  id: string;
  disabled?: boolean;
  triggers?: { id: string; type: string }[];
}

/** A schedule's cron, seconds and zone as one text: when it changes, the next tick is computed again. */
export function scheduleKey(s: TScheduleTrigger): string {
  return JSON.stringify({ cron: s.cron, withSeconds: s.withSeconds, timezone: s.timezone ?? serverTimezone() });
}

export function ticksOf(s: TScheduleTrigger): CronTicks {
  return new CronTicks({ cron: s.cron, withSeconds: s.withSeconds, timezone: s.timezone ?? serverTimezone() });
}

/**
 * Keeps the Trigger rows of a flow in step with its YAML: one row per trigger, none for triggers
 * removed. A Schedule keeps its next tick while its cron is unchanged; a changed cron starts again
 * from now; a flow or schedule disabled in YAML has no next tick (it fires nothing until enabled).
 * A polling trigger (http.Trigger, a plugin's) is planned the same way: its next poll is `interval`
 * from now, kept while unchanged.
 * The run-time switch (`disabled` on the row) is left as the person set it. A Schedule that fires
 * more often than `minIntervalSeconds` (a flow saved before the setting was raised) has no next
 * tick either, and is returned with why, for the caller to say so.
 */
export async function syncTriggerStates(
  db: Db,
  flow: FlowTriggers,
  now: Date = new Date(),
  minIntervalSeconds = 1,
): Promise<string[]> {
  const refused: string[] = [];
  const triggers = flow.triggers ?? [];
  const where = { namespace: flow.namespace, flowId: flow.id };
  await db.trigger.deleteMany({ where: { ...where, triggerId: { notIn: triggers.map((t) => t.id) } } });
  for (const trigger of triggers) {
    const existing = await db.trigger.findUnique({
      where: { namespace_flowId_triggerId: { ...where, triggerId: trigger.id } },
    });
    const schedule = trigger.type === SCHEDULE_TYPE ? readSchedule(trigger) : null;
    const polled = readPollingTrigger(trigger);
    const key = schedule ? scheduleKey(schedule) : polled ? pollKey(polled) : null;
    const planned = schedule ?? polled;
    const tooFrequent = schedule && scheduleIntervalProblem(schedule, minIntervalSeconds);
    if (tooFrequent) refused.push(`schedule ${flow.namespace}.${flow.id}.${trigger.id} does not run: ${tooFrequent}`);
    const active = planned !== null && !tooFrequent && flow.disabled !== true && !planned.disabled;
    const keep = active && existing?.nextDate && existing.scheduleKey === key;
    const nextDate = !active
      ? null
      : keep
        ? existing.nextDate
        : schedule
          ? ticksOf(schedule).after(now)
          : new Date(now.getTime() + pollIntervalMs(polled!));
    await db.trigger.upsert({
      where: { namespace_flowId_triggerId: { ...where, triggerId: trigger.id } },
      create: { ...where, triggerId: trigger.id, type: trigger.type, nextDate, scheduleKey: key },
      // A kept tick is not written back: a scheduler may have claimed it since it was read here, and
      // writing the old value would make it fire again.
      update: keep ? { type: trigger.type, scheduleKey: key } : { type: trigger.type, nextDate, scheduleKey: key },
    });
  }
  return refused;
}

/** A deleted flow's triggers go with it. */
export async function removeTriggerStates(db: Db, namespace: string, flowId: string): Promise<void> {
  await db.trigger.deleteMany({ where: { namespace, flowId } });
}

/**
 * Every stored flow's triggers, synced when the scheduler starts (flows saved before it existed, or
 * by another version, or under other settings: a Schedule now too frequent is logged and not run).
 */
export async function syncAllTriggerStates(
  db: Db,
  now: Date = new Date(),
  options: { minIntervalSeconds?: number; log?: (message: string) => void } = {},
): Promise<void> {
  const flows = await db.flow.findMany({ select: { namespace: true, flowId: true, source: true, deleted: true } });
  const live = new Set<string>();
  for (const row of flows) {
    if (row.deleted) continue;
    const parsed = parseFlow(row.source);
    if (!parsed.ok) continue;
    live.add(`${row.namespace}\u0000${row.flowId}`);
    const refused = await syncTriggerStates(db, parsed.flow, now, options.minIntervalSeconds);
    for (const message of refused) options.log?.(message);
  }
  // Rows of flows deleted or gone while no scheduler ran.
  const rows = await db.trigger.findMany({
    select: { namespace: true, flowId: true },
    distinct: ["namespace", "flowId"],
  });
  for (const r of rows)
    if (!live.has(`${r.namespace}\u0000${r.flowId}`)) await removeTriggerStates(db, r.namespace, r.flowId);
}
