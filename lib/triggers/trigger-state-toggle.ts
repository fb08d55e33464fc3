import type { Db } from "../db/create-client";
import { AppError } from "../errors/app-error";
import { liveSchedule } from "./schedule-context";
import { recoveredNextDate } from "./schedule-plan";
import { ticksOf } from "../flows/trigger-state-sync";

/** The Trigger row of a flow's trigger, or NOT_FOUND. */
export async function findTriggerState(db: Db, namespace: string, flowId: string, triggerId: string) {
  const row = await db.trigger.findUnique({ where: { namespace_flowId_triggerId: { namespace, flowId, triggerId } } });
  if (!row) throw new AppError("NOT_FOUND", `flow ${namespace}.${flowId} has no trigger ${triggerId}`);
  return row;
}

/**
 * Switches a trigger off or on at run time (the YAML's `disabled` is apart). A Schedule switched
 * back on goes on from its next tick after now, whatever its recoverMissedSchedules: what it missed
 * while off is not run (Kestra's TriggerEventHandler recomputes the next evaluation date "to not
 * backfill all missed scheduling after re-enabling").
 */
export async function setTriggerDisabled(
  db: Db,
  namespace: string,
  flowId: string,
  triggerId: string,
  disabled: boolean,
  now: Date = new Date(),
) {
  const row = await findTriggerState(db, namespace, flowId, triggerId);
  if (row.disabled === disabled) return row;
  if (disabled) return db.trigger.update({ where: { id: row.id }, data: { disabled: true } });
  const live = row.nextDate ? await liveSchedule(db, namespace, flowId, triggerId) : null;
  const nextDate =
    live && row.nextDate ? recoveredNextDate(ticksOf(live.schedule), row.nextDate, now, "NONE") : row.nextDate;
  // enabledAt is compared with executions' endedAt, which the database stamps with the wall clock.
  return db.trigger.update({ where: { id: row.id }, data: { disabled: false, enabledAt: new Date(), nextDate } });
}
