import { AppError } from "../errors/app-error";
import { createExecution } from "../executor/create-execution";
import type { ExecutorDeps } from "../executor/executor-deps";
import { parseFlow } from "../flow/parse-flow";
import { type TWebhookTrigger, ZWebhookTrigger } from "../flow/trigger-schemas";
import { ConditionError } from "./conditions/condition-context";
import type { TCondition } from "./conditions/condition-schema";
import { allConditions } from "./conditions/evaluate-condition";
import { webhookKeyMatches } from "./webhook-key";
import { triggerRenderer } from "./trigger-render";

const WEBHOOK = "io.kestra.plugin.core.trigger.Webhook";

/** A webhook call as the route read it: the body already bounded. */
export interface WebhookCall {
  namespace: string;
  flowId: string;
  key: string;
  headers: Headers;
  url: URL;
  body: Buffer;
}

/**
 * The same refusal for a missing flow, a flow without webhook and a wrong key, so that the URL tells
 * a caller without the key nothing about which flows exist.
 */
export function webhookNotFound(namespace: string, flowId: string): AppError {
  return new AppError("NOT_FOUND", `flow ${namespace}.${flowId} not found`);
}

/**
 * Starts the flow whose Webhook trigger has this key, with `{{ trigger.body }}` (JSON parsed when
 * sent as JSON), `{{ trigger.headers }}` and `{{ trigger.parameters }}` (lists of values, as
 * Kestra). A disabled flow or trigger, or conditions that do not hold, refuse (409).
 */
export async function startFromWebhook(deps: Pick<ExecutorDeps, "db" | "templates" | "config">, call: WebhookCall) {
  const { namespace, flowId } = call;
  const flow = await deps.db.flow.findUnique({ where: { namespace_flowId: { namespace, flowId } }, select: { deleted: true, source: true, revision: true } });
  const parsed = flow && !flow.deleted ? parseFlow(flow.source) : null;
  const webhooks = parsed?.ok ? (parsed.flow.triggers ?? []).filter((t) => t.type === WEBHOOK).map((t) => ZWebhookTrigger.parse(t) as TWebhookTrigger) : [];
  // Every key is compared, so the time taken does not tell which trigger (if any) came close.
  const matches = webhooks.filter((t) => webhookKeyMatches(call.key, t.key));
  const trigger = matches[0];
  if (!trigger || !parsed?.ok) throw webhookNotFound(namespace, flowId);
  if (parsed.flow.disabled === true) throw new AppError("CONFLICT", `flow ${namespace}.${flowId} is disabled`);
  if (trigger.disabled === true) throw new AppError("CONFLICT", `webhook trigger ${trigger.id} of ${namespace}.${flowId} is disabled`);

  const variables = { body: bodyOf(call), headers: listsOf(call.headers.entries()), parameters: listsOf(call.url.searchParams.entries()) };
  const render = triggerRenderer(deps);
  const scope = { flow: { id: flowId, namespace, revision: flow!.revision }, trigger: variables };
  const conditions = (trigger.conditions ?? []) as TCondition[];
  const holds = await allConditions(conditions, { now: new Date(), flow: { namespace, id: flowId }, variables: scope, render: render.text }).catch((err: unknown) => {
    if (err instanceof ConditionError) return false;
    throw err;
  });
  if (!holds) throw new AppError("CONFLICT", `the conditions of webhook trigger ${trigger.id} do not hold`);
  const inputs = trigger.inputs ? await render.value(trigger.inputs, scope) : {};
  return createExecution(deps.db, namespace, flowId, inputs, undefined, { trigger: variables, triggerType: "webhook", triggerId: trigger.id });
}

/** JSON when the caller says so and it parses; else the text (Kestra keeps what does not parse as text). */
function bodyOf(call: WebhookCall): unknown {
  if (call.body.length === 0) return null;
  const text = call.body.toString("utf8");
  const type = (call.headers.get("content-type") ?? "").split(";")[0].trim().toLowerCase();
  if (type === "application/json" || type.endsWith("+json")) {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return text;
    }
  }
  return text;
}

/** Name → every value given, as Kestra's `asMap()` of headers and query parameters. */
function listsOf(entries: Iterable<[string, string]>): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [name, value] of entries) (out[name] ??= []).push(value);
  return out;
}
