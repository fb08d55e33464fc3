import { z } from "zod";
import { KESTRA_TERMINATED } from "../states/states";
import { cronProblem, CRON_NICKNAMES, isTimezone } from "../values/cron";
import { ZId, ZLabelsInput } from "./task-types/common";

export const SCHEDULE_TYPE = "io.kestra.plugin.core.trigger.Schedule";

export const RECOVER_MISSED_SCHEDULES = ["LAST", "NONE", "ALL"] as const;
export type TRecoverMissedSchedules = (typeof RECOVER_MISSED_SCHEDULES)[number];

/** Execution states a trigger may stop after (Kestra's `stopAfter`). */
const ZState = z.enum(KESTRA_TERMINATED);

/**
 * `io.kestra.plugin.core.trigger.Schedule`, with Kestra's property names and defaults. The flow keeps
 * the trigger as written; this schema checks it on save and gives the scheduler its defaults.
 */
export const ZScheduleTrigger = z
  .looseObject({
    id: ZId,
    type: z.literal(SCHEDULE_TYPE),
    description: z.string().optional(),
    cron: z
      .string()
      .min(1)
      .describe(`Unix cron: 5 fields, 6 (seconds first) with \`withSeconds: true\`, or ${CRON_NICKNAMES.join(", ")}.`),
    withSeconds: z.boolean().default(false).describe("The cron has 6 fields, the first one seconds. Default false."),
    timezone: z
      .string()
      .refine(isTimezone, "must be an IANA time zone such as Europe/Paris or UTC")
      .optional()
      .describe("IANA time zone the cron is read in (DST included). Default: the server's zone."),
    inputs: z.record(z.string(), z.unknown()).optional().describe("Inputs of each execution it starts."),
    labels: ZLabelsInput.optional().describe("Labels of each execution it starts."),
    disabled: z.boolean().default(false).describe("When true the schedule starts nothing."),
    recoverMissedSchedules: z
      .enum(RECOVER_MISSED_SCHEDULES)
      .default("ALL")
      .describe(
        "Ticks missed while no server ran: ALL (default, as Kestra) runs each, up to OSPREY_MAX_BACKFILL_TICKS of the latest; LAST the latest one; NONE none.",
      ),
    stopAfter: z
      .array(ZState)
      .optional()
      .describe("Disable the trigger once one of its executions ends in one of these states."),
    conditions: z
      .array(z.looseObject({ type: z.string() }))
      .optional()
      .describe("Conditions checked before each tick runs."),
  })
  .superRefine((t, ctx) => {
    const problem = cronProblem({ cron: t.cron, withSeconds: t.withSeconds, timezone: t.timezone });
    if (problem) ctx.addIssue({ code: "custom", path: ["cron"], message: problem });
  });

export type TScheduleTrigger = z.infer<typeof ZScheduleTrigger>;

/** Adds the Schedule schema's problems to a trigger's (other types are checked by their owners). */
export function checkScheduleTrigger(trigger: { type: string }, ctx: z.RefinementCtx): void {
  if (trigger.type !== SCHEDULE_TYPE) return;
  const parsed = ZScheduleTrigger.safeParse(trigger);
  if (parsed.success) return;
  for (const issue of parsed.error.issues) ctx.addIssue({ code: "custom", path: issue.path, message: issue.message });
}

/** A saved flow's Schedule trigger with Kestra's defaults filled in, or null when it is not one. */
export function readSchedule(trigger: unknown): TScheduleTrigger | null {
  const parsed = ZScheduleTrigger.safeParse(trigger);
  return parsed.success ? parsed.data : null;
}
