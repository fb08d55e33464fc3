import { z } from "zod";
import { canonicalType } from "./aliases";
import { ZAnyValue, ZDuration, ZId, ZLabelsInput } from "./task-types/common";
import { ZTaskList } from "./task-types/task-ref";
import { checkScheduleTrigger } from "./trigger-types";
import { checkTriggerProperties, PLUGIN_TRIGGER_TYPES } from "./trigger-schemas";
import { unavailableTypeMessage } from "./unavailable-type";

/** Trigger types Osprey reads (canonical names; old names are rewritten before validation). */
export const TRIGGER_TYPES = [
  "io.kestra.plugin.core.trigger.Schedule",
  "io.kestra.plugin.core.trigger.Webhook",
  "io.kestra.plugin.core.trigger.Flow",
  "io.kestra.plugin.core.http.Trigger",
  ...PLUGIN_TRIGGER_TYPES,
];

/** A trigger: `id` and `type` checked, its other properties kept as written (they are not run yet). */
export const ZTrigger = z
  .looseObject({
    id: ZId.describe("Id of the trigger, unique within the flow."),
    type: z
      .string()
      .superRefine((type, ctx) => {
        if (!(TRIGGER_TYPES as readonly string[]).includes(type)) {
          ctx.addIssue({
            code: "custom",
            message: unavailableTypeMessage("trigger", type, canonicalType(type), TRIGGER_TYPES),
          });
        }
      })
      .describe(
        "Schedule, Webhook or Flow (`io.kestra.plugin.core.trigger.…`), an HTTP poll (`io.kestra.plugin.core.http.Trigger`), or a plugin's polling trigger (`io.kestra.plugin.jdbc.postgresql.Trigger`…).",
      )
      .meta({ examples: TRIGGER_TYPES }),
    description: z.string().optional(),
    disabled: z.boolean().optional().describe("When true the trigger does not start executions."),
  })
  .superRefine(checkScheduleTrigger)
  .superRefine(checkTriggerProperties)
  .describe("Starts executions of the flow: on a schedule, a webhook call, or another flow's end.");

export const ZPluginDefault = z
  .object({
    type: z
      .string()
      .min(1)
      .describe("Task type, or the start of one (e.g. `io.kestra.plugin.scripts`), the values apply to."),
    values: z
      .record(z.string(), z.unknown())
      .describe("Properties given to every task of that type that does not set them."),
    forced: z.boolean().optional().describe("The values override the task's own. Default false."),
  })
  .strict();

export const ZConcurrency = z
  .object({
    limit: z.number().int().positive().describe("Most executions of the flow running (or paused) at once."),
    behavior: z
      .enum(["QUEUE", "CANCEL", "FAIL"])
      .default("QUEUE")
      .describe(
        "What happens to an execution over the limit: QUEUE (default) waits, CANCEL cancels it, FAIL fails it.",
      ),
  })
  .strict()
  .describe("Limit how many executions of the flow run at once.");

export const OUTPUT_TYPES = [
  "STRING",
  "ENUM",
  "SELECT",
  "INT",
  "FLOAT",
  "BOOLEAN",
  "DATETIME",
  "DATE",
  "TIME",
  "DURATION",
  "FILE",
  "JSON",
  "URI",
  "SECRET",
  "ARRAY",
  "MULTISELECT",
  "YAML",
  "EMAIL",
] as const;

export const ZFlowOutput = z
  .object({
    id: z
      .string()
      .regex(
        /^[a-zA-Z0-9][.a-zA-Z0-9_-]*$/,
        "must start with a letter or digit and contain only letters, digits, ., _ and -",
      )
      .describe("Name of the output: `{{ outputs.<subflowTask>.outputs.<id> }}` in a parent flow."),
    type: z.enum(OUTPUT_TYPES).describe("Type of the value."),
    value: ZAnyValue.describe(
      "Value, usually an expression such as `{{ outputs.task.value }}`, rendered when the execution ends.",
    ),
    description: z.string().optional(),
    displayName: z.string().optional(),
    required: z.boolean().optional(),
  })
  .strict();

export const ZSla = z
  .looseObject({
    id: ZId,
    type: z.enum(["MAX_DURATION", "EXECUTION_ASSERTION"]),
    behavior: z.enum(["FAIL", "CANCEL", "NONE"]),
    labels: ZLabelsInput.optional(),
    duration: ZDuration.optional().describe("Longest execution (MAX_DURATION)."),
    assert: z.string().optional().describe("Expression that must hold at the end (EXECUTION_ASSERTION)."),
  })
  .describe("Service level: what happens when an execution runs too long or ends wrong.");

export const ZCheck = z
  .object({
    condition: z
      .string()
      .describe("Expression that must be true, checked (with the inputs) before a manual run is created."),
    message: z.string().describe("Shown when the condition is false."),
    // state-literal: a message style, not a state
    style: z.enum(["ERROR", "SUCCESS", "WARNING", "INFO"]).optional(),
    behavior: z
      .enum(["BLOCK_EXECUTION", "FAIL_EXECUTION", "CREATE_EXECUTION"])
      .optional()
      .describe(
        "When the condition is false: BLOCK_EXECUTION (default) refuses the run, FAIL_EXECUTION creates it FAILED, CREATE_EXECUTION runs it.",
      ),
  })
  .strict();

export const ZListener = z
  .object({
    description: z.string().optional(),
    conditions: z.array(z.looseObject({ type: z.string() })).optional(),
    tasks: ZTaskList.optional(),
  })
  .strict()
  .describe("Deprecated: use `afterExecution`.");
