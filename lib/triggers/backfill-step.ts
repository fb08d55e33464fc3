import type { Db } from "../db/create-client";
import { AppError } from "../errors/app-error";
import { createExecution, mergeLabels } from "../executor/create-execution";
import { toLabelList } from "../flow/labels";
import { readBackfill } from "./backfill-state";
import { liveSchedule } from "./schedule-context";
import { scheduleVariables } from "./schedule-dates";
import { ticksOf } from "./trigger-state-sync";

/**
 * Runs the next tick of a trigger's backfill, if one is due: claimed like a schedule tick (the
 * backfill text read is the compare-and-set value), then one execution with triggerType
 * "backfill". The backfill is removed once its current tick passes its end. Returns whether a
 * tick was claimed (the scheduler keeps stepping while they are).
 */
export async function stepBackfill(db: Db, row: { id: string; namespace: string; flowId: string; triggerId: string; backfill: string | null }, now: Date, log: (message: string) => void): Promise<boolean> {
  const state = readBackfill(row.backfill);
  if (!state || state.paused) return false;
  const live = await liveSchedule(db, row.namespace, row.flowId, row.triggerId);
  if (!live || !live.enabled) return false;
  const tick = new Date(state.currentDate);
  const end = new Date(state.end);
  if (tick > end) {
    await db.trigger.updateMany({ where: { id: row.id, backfill: row.backfill }, data: { backfill: null } });
    return false;
  }
  if (tick > now) return false;
  const ticks = ticksOf(live.schedule);
  const following = ticks.after(tick);
  const next = following && following <= end ? JSON.stringify({ ...state, currentDate: following.toISOString() }) : null;
  const claim = await db.trigger.updateMany({ where: { id: row.id, backfill: row.backfill, disabled: false }, data: { backfill: next } });
  if (claim.count !== 1) return false;
  try {
    await createExecution(db, row.namespace, row.flowId, { ...(live.schedule.inputs ?? {}), ...(state.inputs ?? {}) }, undefined, {
      trigger: { ...scheduleVariables(ticks, tick, live.zone) },
      triggerType: "backfill",
      triggerId: row.triggerId,
      labels: mergeLabels(toLabelList(live.schedule.labels), state.labels ?? []),
    });
  } catch (err) {
    log(`backfill ${row.namespace}.${row.flowId}.${row.triggerId} at ${tick.toISOString()} did not start: ${AppError.is(err) || err instanceof Error ? err.message : String(err)}`);
  }
  return true;
}
