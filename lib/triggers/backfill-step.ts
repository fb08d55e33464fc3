import type { Db } from "../db/create-client";
import { createExecution, mergeLabels } from "../executions/create-execution";
import { toLabelList } from "../flow/labels";
import { backfillRun, readBackfill } from "./backfill-state";
import { liveSchedule } from "./schedule-context";
import { scheduleVariables } from "./schedule-dates";
import type { TickAttempts } from "./tick-attempts";
import { createTickExecution, tickExecutionId } from "./tick-execution";
import { ticksOf } from "../flows/trigger-state-sync";

/**
 * Runs the next tick of a trigger's backfill, if one is due: one execution with triggerType
 * "backfill", created first under the id of (trigger, backfill, tick), then the backfill moved on
 * by compare-and-set on the text read. As for a schedule tick, a process that stops in between
 * leaves the tick to the next try, which finds the execution made or makes it. The backfill is
 * removed once its current tick passes its end. Returns whether a tick was handled (the scheduler
 * keeps stepping while they are).
 */
export async function stepBackfill(
  db: Db,
  row: { id: string; namespace: string; flowId: string; triggerId: string; backfill: string | null },
  now: Date,
  log: (message: string) => void,
  attempts: TickAttempts,
): Promise<boolean> {
  const state = readBackfill(row.backfill);
  if (!state || state.paused) return false;
  const live = await liveSchedule(db, row.namespace, row.flowId, row.triggerId);
  if (!live?.enabled) return false;
  const tick = new Date(state.currentDate);
  const end = new Date(state.end);
  if (tick > end) {
    await db.trigger.updateMany({ where: { id: row.id, backfill: row.backfill }, data: { backfill: null } });
    return false;
  }
  if (tick > now) return false;
  const ticks = ticksOf(live.schedule);
  const run = backfillRun(state);
  const create = () =>
    createExecution(
      db,
      row.namespace,
      row.flowId,
      { ...(live.schedule.inputs ?? {}), ...(state.inputs ?? {}) },
      undefined,
      {
        id: tickExecutionId(row.id, run, tick),
        trigger: { ...scheduleVariables(ticks, tick, live.zone) },
        triggerType: "backfill",
        triggerId: row.triggerId,
        labels: mergeLabels(toLabelList(live.schedule.labels), state.labels ?? []),
      },
    );
  const what = `backfill ${row.namespace}.${row.flowId}.${row.triggerId} at ${tick.toISOString()}`;
  if ((await createTickExecution(create, what, `${row.id}@${run}@${tick.getTime()}`, attempts, log)) === "retry")
    return false;
  const following = ticks.after(tick);
  const next =
    following && following <= end ? JSON.stringify({ ...state, currentDate: following.toISOString() }) : null;
  // Moved on by another scheduler meanwhile (it found this execution made), or paused: then this changes nothing.
  await db.trigger.updateMany({
    where: { id: row.id, backfill: row.backfill, disabled: false },
    data: { backfill: next },
  });
  return true;
}
