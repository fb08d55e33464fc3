import type { Db } from "../db/create-client";
import { createExecution } from "../executions/create-execution";
import { toLabelList } from "../flow/labels";
import { liveSchedule, type ScheduleConditions } from "./schedule-context";
import { scheduleVariables } from "./schedule-dates";
import type { TickAttempts } from "./tick-attempts";
import { createTickExecution, tickExecutionId, type TickOutcome } from "./tick-execution";
import { ticksOf } from "../flows/trigger-state-sync";

export interface TriggerRow {
  id: string;
  namespace: string;
  flowId: string;
  triggerId: string;
  nextDate: Date | null;
  enabledAt?: Date | null;
}

export type FireOutcome = "fired" | "lost" | "skipped" | "stopped" | "failed" | "retry";

/**
 * Fires the tick `row.nextDate` once across all servers, however they are starved, frozen or
 * killed. The execution is created first, under an id made from the trigger and the tick
 * (tickExecutionId), so a second creation anywhere fails on the primary key; only then is the tick
 * moved on, by compare-and-set from exactly the value read. A process that stops between the two
 * leaves the tick due, and whoever tries it next finds the execution made or makes it: never both,
 * never neither. A refused execution (bad inputs) is logged and the tick passed; one the database
 * did not take is left due for the next pass ("retry").
 */
export async function fireScheduleTick(
  db: Db,
  row: TriggerRow,
  conditions: ScheduleConditions,
  log: (message: string) => void,
  attempts: TickAttempts,
): Promise<FireOutcome> {
  const tick = row.nextDate;
  if (!tick) return "skipped";
  const live = await liveSchedule(db, row.namespace, row.flowId, row.triggerId);
  if (!live?.enabled) {
    // The YAML changed under us (the save's sync sets this too): nothing to fire until it is enabled.
    await db.trigger.updateMany({ where: { id: row.id, nextDate: tick }, data: { nextDate: null } });
    return "skipped";
  }
  if (await stoppedAfter(db, row, live.schedule.stopAfter)) return "stopped";
  // Read again just before firing: a scheduler that read the row long ago (frozen, starved) finds
  // the tick moved on and leaves it, whatever its conditions would say now.
  if ((await db.trigger.count({ where: { id: row.id, nextDate: tick, disabled: false } })) !== 1) return "lost";
  const ticks = ticksOf(live.schedule);
  const what = `schedule ${row.namespace}.${row.flowId}.${row.triggerId} at ${tick.toISOString()}`;
  let outcome: TickOutcome | "skipped" = "skipped";
  if (await conditions(live.schedule, { namespace: row.namespace, flowId: row.flowId, date: tick })) {
    const create = () =>
      createExecution(db, row.namespace, row.flowId, live.schedule.inputs ?? {}, undefined, {
        id: tickExecutionId(row.id, "schedule", tick),
        trigger: { ...scheduleVariables(ticks, tick, live.zone) },
        triggerType: "schedule",
        triggerId: row.triggerId,
        labels: toLabelList(live.schedule.labels),
      });
    outcome = await createTickExecution(create, what, `${row.id}@${tick.getTime()}`, attempts, log);
    if (outcome === "retry") return "retry";
  }
  // Another scheduler may have moved it on meanwhile (it found this execution made): then this changes nothing.
  await db.trigger.updateMany({
    where: { id: row.id, nextDate: tick },
    data: { nextDate: ticks.after(tick), lastDate: tick },
  });
  return outcome === "already" ? "lost" : outcome;
}

/**
 * Kestra's `stopAfter`: once an execution this trigger started ends in one of the states, the
 * trigger is switched off (the person turns it back on from the Triggers page or the API).
 */
export async function stoppedAfter(
  db: Db,
  row: TriggerRow,
  states: string[] | undefined,
  triggerType: "schedule" | "http" | "poll" = "schedule",
): Promise<boolean> {
  if (!states?.length) return false;
  const last = await db.execution.findFirst({
    where: {
      namespace: row.namespace,
      flowId: row.flowId,
      triggerId: row.triggerId,
      triggerType,
      endedAt: row.enabledAt ? { gt: row.enabledAt } : { not: null },
    },
    orderBy: { endedAt: "desc" },
    select: { state: true },
  });
  if (!last || !states.includes(last.state)) return false;
  await db.trigger.update({ where: { id: row.id }, data: { disabled: true } });
  return true;
}
