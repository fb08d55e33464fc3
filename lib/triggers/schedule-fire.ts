import type { Db } from "../db/create-client";
import { AppError } from "../errors/app-error";
import { createExecution } from "../executor/create-execution";
import { toLabelList } from "../flow/labels";
import { liveSchedule, type ScheduleConditions } from "./schedule-context";
import { scheduleVariables } from "./schedule-dates";
import { ticksOf } from "./trigger-state-sync";

export interface TriggerRow {
  id: string;
  namespace: string;
  flowId: string;
  triggerId: string;
  nextDate: Date | null;
  enabledAt?: Date | null;
}

export type FireOutcome = "fired" | "lost" | "skipped" | "stopped" | "failed";

/**
 * Fires the tick `row.nextDate` once across all servers: the tick is claimed by moving `nextDate`
 * on from exactly the value read (compare-and-set), and only the server whose update counted
 * creates the execution. A claimed tick whose execution cannot be created is logged, not retried
 * (at most once: a bad input must not make the loop spin on it).
 */
export async function fireScheduleTick(db: Db, row: TriggerRow, conditions: ScheduleConditions, log: (message: string) => void): Promise<FireOutcome> {
  const tick = row.nextDate;
  if (!tick) return "skipped";
  const live = await liveSchedule(db, row.namespace, row.flowId, row.triggerId);
  if (!live || !live.enabled) {
    // The YAML changed under us (the save's sync sets this too): nothing to fire until it is enabled.
    await db.trigger.updateMany({ where: { id: row.id, nextDate: tick }, data: { nextDate: null } });
    return "skipped";
  }
  if (await stoppedAfter(db, row, live.schedule.stopAfter)) return "stopped";
  const ticks = ticksOf(live.schedule);
  const following = ticks.after(tick);
  const claim = await db.trigger.updateMany({ where: { id: row.id, nextDate: tick, disabled: false }, data: { nextDate: following, lastDate: tick } });
  if (claim.count !== 1) return "lost";
  if (!(await conditions(live.schedule, { namespace: row.namespace, flowId: row.flowId, date: tick }))) return "skipped";
  try {
    await createExecution(db, row.namespace, row.flowId, live.schedule.inputs ?? {}, undefined, {
      trigger: { ...scheduleVariables(ticks, tick, live.zone) },
      triggerType: "schedule",
      triggerId: row.triggerId,
      labels: toLabelList(live.schedule.labels),
    });
    return "fired";
  } catch (err) {
    log(`schedule ${row.namespace}.${row.flowId}.${row.triggerId} at ${tick.toISOString()} did not start: ${AppError.is(err) || err instanceof Error ? err.message : String(err)}`);
    return "failed";
  }
}

/**
 * Kestra's `stopAfter`: once an execution this trigger started ends in one of the states, the
 * trigger is switched off (the person turns it back on from the Triggers page or the API).
 */
export async function stoppedAfter(db: Db, row: TriggerRow, states: string[] | undefined, triggerType: "schedule" | "http" = "schedule"): Promise<boolean> {
  if (!states?.length) return false;
  const last = await db.execution.findFirst({
    where: { namespace: row.namespace, flowId: row.flowId, triggerId: row.triggerId, triggerType, endedAt: row.enabledAt ? { gt: row.enabledAt } : { not: null } },
    orderBy: { endedAt: "desc" },
    select: { state: true },
  });
  if (!last || !states.includes(last.state)) return false;
  await db.trigger.update({ where: { id: row.id }, data: { disabled: true } });
  return true;
}
