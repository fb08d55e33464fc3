import type { Db } from "../db/create-client";
import { parseFlow } from "../flow/parse-flow";
import { readSchedule, type TScheduleTrigger } from "../flow/trigger-types";
import { serverTimezone } from "../values/cron";

/** A Schedule trigger as its flow's current revision says, with whether it may fire at all. */
export interface LiveSchedule {
  schedule: TScheduleTrigger;
  zone: string;
  /** False when the flow or the trigger is disabled in YAML. */
  enabled: boolean;
}

/** The current revision's Schedule `triggerId`, or null when the flow or the trigger is gone or not a Schedule. */
export async function liveSchedule(
  db: Db,
  namespace: string,
  flowId: string,
  triggerId: string,
): Promise<LiveSchedule | null> {
  const flow = await db.flow.findUnique({
    where: { namespace_flowId: { namespace, flowId } },
    select: { source: true, deleted: true },
  });
  if (!flow || flow.deleted) return null;
  const parsed = parseFlow(flow.source);
  if (!parsed.ok) return null;
  const schedule = readSchedule(parsed.flow.triggers?.find((t) => t.id === triggerId));
  if (!schedule) return null;
  return {
    schedule,
    zone: schedule.timezone ?? serverTimezone(),
    enabled: parsed.flow.disabled !== true && !schedule.disabled,
  };
}

/**
 * Whether a schedule's `conditions` let a tick run. The seam for the conditions module (another
 * helper's lib/triggers/conditions/): until it is wired in, conditions are accepted and not checked.
 */
export type ScheduleConditions = (
  schedule: TScheduleTrigger,
  tick: { namespace: string; flowId: string; date: Date },
) => Promise<boolean>;

export const conditionsNotChecked: ScheduleConditions = async () => true;
