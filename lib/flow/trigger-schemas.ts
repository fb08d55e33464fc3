import { z } from "zod";
import { KESTRA_TERMINATED } from "../states/states";
import { type TCondition, STATE_NAMES, ZCondition, ZTimeWindow } from "./condition-schema";
import { PLUGIN_TRIGGER_SCHEMAS } from "../plugins/trigger-schemas";
import { ZDuration, ZExpression, ZId, ZLabelsInput } from "./task-types/common";

const ZStateName = z.enum(STATE_NAMES);
/** Kestra's `State.Type.terminatedTypes()`: a Flow trigger's default `states`. */
export const TERMINATED_STATES = KESTRA_TERMINATED;

/** Properties every trigger has (Kestra's AbstractTrigger); others are kept as written. */
const common = {
  id: ZId,
  type: z.string(),
  description: z.string().optional(),
  disabled: z.boolean().optional(),
  conditions: z
    .array(ZCondition)
    .optional()
    .describe("Conditions that must all hold for the trigger to start an execution."),
};

export const ZWebhookTrigger = z
  .looseObject({
    ...common,
    key: z
      .string()
      .min(1)
      .max(256)
      .describe("Secret part of the webhook URL: `/api/v1/executions/webhook/{namespace}/{flowId}/{key}`."),
    inputs: z
      .record(z.string(), z.unknown())
      .optional()
      .describe(
        "Inputs of the execution; expressions read `{{ trigger.body }}`, `{{ trigger.headers }}`, `{{ trigger.parameters }}`.",
      ),
    when: z
      .string()
      .optional()
      .describe("An expression over `trigger.*`: when it renders false, no execution starts (the call gets 204)."),
    wait: z
      .union([z.boolean(), ZExpression])
      .optional()
      .describe("Answer once the execution ends (its state, or its outputs with `returnOutputs`). Default false."),
    returnOutputs: z
      .union([z.boolean(), ZExpression])
      .optional()
      .describe("With `wait`: answer with the flow's outputs. Default false."),
    responseContentType: z
      .enum(["application/json", "text/plain"])
      .optional()
      .describe("With `wait` and `returnOutputs`: the answer's content type. Default application/json."),
    responseCode: z
      .number()
      .int()
      .min(100)
      .max(599)
      .optional()
      .describe("With `wait`: the answer's status code. Default 200, 500 when the execution failed."),
  })
  .describe("Starts the flow when its webhook URL is called (GET, POST or PUT).");
export type TWebhookTrigger = z.infer<typeof ZWebhookTrigger>;

const ZUpstreamFlow = z
  .object({
    namespace: z.string().min(1),
    flowId: z.string().min(1).optional(),
    states: z.array(ZStateName).optional().describe("States of its execution that count; any when absent."),
    labels: z.record(z.string(), z.unknown()).optional(),
  })
  .strict();

const ZFilter = z
  .object({
    field: z.enum(["FLOW_ID", "NAMESPACE", "STATE", "EXPRESSION"]),
    type: z.enum([
      "EQUAL_TO",
      "NOT_EQUAL_TO",
      "IN",
      "NOT_IN",
      "IS_TRUE",
      "IS_FALSE",
      "IS_NULL",
      "IS_NOT_NULL",
      "STARTS_WITH",
      "ENDS_WITH",
      "REGEX",
      "CONTAINS",
    ]),
    value: z.string().optional(),
    values: z.array(z.string()).optional(),
  })
  .strict()
  .superRefine((f, ctx) => {
    const needsValues = f.type === "IN" || f.type === "NOT_IN";
    const needsValue = !needsValues && !["IS_TRUE", "IS_FALSE", "IS_NULL", "IS_NOT_NULL"].includes(f.type);
    if (needsValues && !f.values) ctx.addIssue({ code: "custom", path: ["values"], message: `${f.type} needs values` });
    if ((needsValue || f.field === "EXPRESSION") && f.value === undefined)
      ctx.addIssue({ code: "custom", path: ["value"], message: `${f.type} on ${f.field} needs a value` });
  });
export type TFilter = z.infer<typeof ZFilter>;

const ZWhere = z
  .object({ id: ZId, operand: z.enum(["AND", "OR"]).default("AND"), filters: z.array(ZFilter).min(1) })
  .strict();

export const ZPreconditions = z
  .object({
    id: ZId,
    flows: z
      .array(ZUpstreamFlow)
      .optional()
      .describe("Upstream flows that must each end (in one of their `states`) within the time window."),
    where: z
      .array(ZWhere)
      .optional()
      .describe("Filters on the upstream execution: FLOW_ID, NAMESPACE, STATE or an EXPRESSION."),
    timeWindow: ZTimeWindow.optional(),
    resetOnSuccess: z.boolean().optional(),
  })
  .strict();
export type TPreconditions = z.infer<typeof ZPreconditions>;

export const ZFlowTrigger = z
  .looseObject({
    ...common,
    inputs: z
      .record(z.string(), z.unknown())
      .optional()
      .describe("Inputs of the execution; expressions read `{{ trigger.outputs }}` (the upstream flow's outputs)."),
    states: z
      .array(ZStateName)
      .optional()
      .describe("States of the upstream execution that start this flow. Default: every terminal state."),
    preconditions: ZPreconditions.optional(),
  })
  .describe("Starts the flow when another flow's execution ends.");
export type TFlowTrigger = z.infer<typeof ZFlowTrigger> & { conditions?: TCondition[] };

/**
 * What every polling trigger has besides its own properties (Kestra's PollingTriggerInterface and
 * AbstractTrigger): the scheduler reads `interval` without rendering it.
 */
const polling = (defaultInterval: string) => ({
  // A fixed duration (not an expression: the scheduler reads it without rendering), never zero.
  interval: ZDuration.options[0]
    .refine((d) => /[1-9]/.test(d), "must be longer than zero")
    .default(defaultInterval)
    .describe(`Time between two polls. Default ${defaultInterval}.`),
  stopAfter: z
    .array(ZStateName)
    .optional()
    .describe("Disable the trigger once one of its executions ends in one of these states."),
  labels: ZLabelsInput.optional().describe("Labels of each execution it starts."),
});

export const HTTP_TRIGGER_TYPE = "io.kestra.plugin.core.http.Trigger";

/** `io.kestra.plugin.core.http.Trigger`: Kestra's property names and defaults (the request's as http.Request's). */
export const ZHttpTrigger = z
  .looseObject({
    ...common,
    ...polling("PT60S"),
    uri: z.string().min(1).describe("The URL polled; rendered."),
    method: z.string().default("GET").describe("HTTP method. Default GET."),
    headers: z.record(z.string(), z.unknown()).optional().describe("Request headers; rendered."),
    body: z.string().optional().describe("Request body; rendered."),
    formData: z.record(z.string(), z.unknown()).optional().describe("Form fields sent as the body; rendered."),
    contentType: z.string().optional().describe("Content-Type of the body."),
    options: z
      .record(z.string(), z.unknown())
      .optional()
      .describe("As http.Request's options: timeout, readTimeout, followRedirects, basicAuthUser/Password."),
    responseCondition: z
      .string()
      .default("{{ response.statusCode < 400 }}")
      .describe(
        "Starts the flow when it renders truthy; reads `response.statusCode`, `response.body` (text) and `response.headers`.",
      ),
    encryptBody: z
      .boolean()
      .default(false)
      .describe(
        "Osprey has no encryption key: when true the body is read by responseCondition but not kept in `trigger.body`.",
      ),
  })
  .describe(
    "Polls an HTTP endpoint every `interval`; starts the flow with `trigger.body`, `trigger.code`, `trigger.headers`, `trigger.uri` when `responseCondition` holds.",
  );
export type THttpTrigger = z.infer<typeof ZHttpTrigger> & { conditions?: TCondition[] };

/** The polling triggers of the plugin families (lib/plugins/trigger-schemas.ts), by type. */
const PLUGIN_TRIGGERS: Readonly<Record<string, z.ZodType>> = Object.fromEntries(
  PLUGIN_TRIGGER_SCHEMAS.map((s) => [
    s.type,
    // The family's own properties first: a common one of the same name cannot be replaced.
    z.looseObject({ ...s.shape, ...common, ...polling(s.interval) }).describe(`${s.title}. ${s.description}`),
  ]),
);
export const PLUGIN_TRIGGER_TYPES: readonly string[] = Object.keys(PLUGIN_TRIGGERS);

/** Polled by the scheduler every `interval`: http.Trigger and the plugins' triggers. */
export const POLLING_TRIGGER_TYPES: readonly string[] = [HTTP_TRIGGER_TYPE, ...PLUGIN_TRIGGER_TYPES];

const ZPollingTrigger = z.looseObject({ ...common, ...polling("PT60S") });
/** A polling trigger as saved, with the defaults of its type filled in (its own properties untyped). */
export type TPollingTrigger = z.infer<typeof ZPollingTrigger> & { conditions?: TCondition[] };

/** The trigger types with properties of their own, by type (Schedule's schema is in trigger-types.ts). */
export const TRIGGER_SCHEMAS_BY_TYPE: Readonly<Record<string, z.ZodType>> = {
  [HTTP_TRIGGER_TYPE]: ZHttpTrigger,
  "io.kestra.plugin.core.trigger.Webhook": ZWebhookTrigger,
  "io.kestra.plugin.core.trigger.Flow": ZFlowTrigger,
  ...PLUGIN_TRIGGERS,
};

/** Checks a trigger's own properties for the types this module knows, and any trigger's conditions. */
export function checkTriggerProperties(
  trigger: { type: string } & Record<string, unknown>,
  ctx: z.RefinementCtx,
): void {
  const schema = TRIGGER_SCHEMAS_BY_TYPE[trigger.type] ?? z.looseObject({ conditions: common.conditions });
  const result = schema.safeParse(trigger);
  if (!result.success)
    for (const issue of result.error.issues)
      ctx.addIssue({ code: "custom", path: issue.path as (string | number)[], message: issue.message });
}
