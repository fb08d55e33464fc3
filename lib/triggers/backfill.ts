import { randomUUID } from "node:crypto";
import { z } from "zod";
import { config } from "../config";
import type { Db } from "../db/create-client";
import { AppError } from "../errors/app-error";
import { ZLabelsInput } from "../flow/task-types/common";
import { toLabelList } from "../flow/labels";
import { readBackfill, type TBackfillState } from "./backfill-state";
import { liveSchedule } from "./schedule-context";
import type { ScheduleLimits } from "../flows/schedule-limits";
import { countTicks, mayHoldMoreThan } from "./tick-count";
import { ticksOf } from "../flows/trigger-state-sync";
import { findTriggerState } from "./trigger-state-toggle";

/** Body of POST …/backfill: Kestra's Backfill (start, end, inputs, labels). */
export const ZBackfillRequest = z
  .object({
    start: z.coerce.date(),
    end: z.coerce.date().optional(),
    inputs: z.record(z.string(), z.unknown()).optional(),
    labels: ZLabelsInput.optional(),
  })
  .strict();
export type TBackfillRequest = z.infer<typeof ZBackfillRequest>;

/**
 * Starts a backfill: one execution per tick of the schedule from `start` to `end` (default now),
 * run by the scheduler as fast as it goes. One backfill per trigger at a time, of at most
 * OSPREY_MAX_BACKFILL_TICKS ticks (counted without enumerating more than one past the cap).
 */
export async function startBackfill(
  db: Db,
  namespace: string,
  flowId: string,
  triggerId: string,
  request: TBackfillRequest,
  limits: Pick<ScheduleLimits, "OSPREY_MAX_BACKFILL_TICKS"> = config,
  now: Date = new Date(),
) {
  const row = await findTriggerState(db, namespace, flowId, triggerId);
  const live = await liveSchedule(db, namespace, flowId, triggerId);
  if (!live)
    throw new AppError(
      "BAD_REQUEST",
      `trigger ${triggerId} of ${namespace}.${flowId} is not a Schedule: only schedules can be backfilled`,
    );
  if (readBackfill(row.backfill))
    throw new AppError("CONFLICT", `trigger ${triggerId} already has a backfill running; cancel it first`);
  const end = request.end ?? now;
  if (end < request.start) throw new AppError("BAD_REQUEST", "the backfill's end is before its start");
  const ticks = ticksOf(live.schedule);
  const first = ticks.atOrAfter(request.start);
  if (!first || first > end)
    throw new AppError("BAD_REQUEST", "the schedule has no tick between the backfill's start and end");
  const max = limits.OSPREY_MAX_BACKFILL_TICKS;
  if (mayHoldMoreThan(first, end, max, live.schedule.withSeconds) && (await countTicks(ticks, first, end, max)) > max) {
    throw new AppError(
      "BAD_REQUEST",
      `the backfill from ${request.start.toISOString()} to ${end.toISOString()} holds more than ${max} ticks of cron "${live.schedule.cron}" (counting stopped at ${max + 1}); ` +
        `one backfill may run at most ${max} (OSPREY_MAX_BACKFILL_TICKS): choose a shorter range, or raise the setting`,
    );
  }
  const state: TBackfillState = {
    id: randomUUID(),
    start: request.start.toISOString(),
    end: end.toISOString(),
    currentDate: first.toISOString(),
    paused: false,
    ...(request.inputs ? { inputs: request.inputs } : {}),
    ...(request.labels ? { labels: toLabelList(request.labels) } : {}),
  };
  const claim = await db.trigger.updateMany({
    where: { id: row.id, backfill: row.backfill },
    data: { backfill: JSON.stringify(state) },
  });
  if (claim.count !== 1) throw new AppError("CONFLICT", `trigger ${triggerId} changed meanwhile; try again`);
  return findTriggerState(db, namespace, flowId, triggerId);
}

/** Pauses or resumes a trigger's running backfill. */
export async function setBackfillPaused(db: Db, namespace: string, flowId: string, triggerId: string, paused: boolean) {
  const row = await findTriggerState(db, namespace, flowId, triggerId);
  const state = readBackfill(row.backfill);
  if (!state) throw new AppError("NOT_FOUND", `trigger ${triggerId} has no backfill running`);
  const claim = await db.trigger.updateMany({
    where: { id: row.id, backfill: row.backfill },
    data: { backfill: JSON.stringify({ ...state, paused }) },
  });
  if (claim.count !== 1)
    throw new AppError("CONFLICT", `trigger ${triggerId}'s backfill moved on meanwhile; try again`);
  return findTriggerState(db, namespace, flowId, triggerId);
}

/** Cancels a trigger's backfill: ticks not yet run are not run. */
export async function cancelBackfill(db: Db, namespace: string, flowId: string, triggerId: string) {
  const row = await findTriggerState(db, namespace, flowId, triggerId);
  return db.trigger.update({ where: { id: row.id }, data: { backfill: null } });
}
