import { isTruthy } from "../engine/truth";
import { randomBytes } from "node:crypto";
import { AppError } from "../errors/app-error";
import { createExecution } from "../executions/create-execution";
import type { ExecutorDeps } from "../deps/executor-deps";
import { parseFlow } from "../flow/parse-flow";
import { type TWebhookTrigger, ZWebhookTrigger } from "../flow/trigger-schemas";
import { JsonDepthError, MAX_JSON_DEPTH, valueDepth } from "../json/json-depth";
import { ConditionError } from "./conditions/condition-context";
import type { TCondition } from "../flow/condition-schema";
import { allConditions } from "./conditions/evaluate-condition";
import { webhookKeyMatches } from "./webhook-key";
import { triggerRenderer } from "./trigger-render";

const WEBHOOK = "io.kestra.plugin.core.trigger.Webhook";

/** The path of a webhook call: which flow, and the key it was called with. */
export interface WebhookPath {
  namespace: string;
  flowId: string;
  key: string;
}

/** A webhook call as the route read it: the body already bounded. */
export interface WebhookCall extends WebhookPath {
  headers: Headers;
  url: URL;
  body: Buffer;
}

/** A call whose key opened a flow's Webhook trigger: what starting it needs. */
export interface WebhookMatch {
  trigger: TWebhookTrigger;
  revision: number;
  /** The flow is switched off (`disabled: true`): the key was right, but nothing starts. */
  flowDisabled: boolean;
}

/**
 * The same refusal for a missing flow, a flow without webhook and a wrong key, so that the URL tells
 * a caller without the key nothing about which flows exist.
 */
export function webhookNotFound(namespace: string, flowId: string): AppError {
  return new AppError("NOT_FOUND", `flow ${namespace}.${flowId} not found`);
}

/**
 * The Webhook trigger of the flow that this key opens, or the refusal a missing flow gets (the same
 * for a missing flow, a flow without webhook and a wrong key). Nothing else is read, so the route
 * can count a refused call apart from accepted ones before it reads the body.
 */
export async function matchWebhook(deps: Pick<ExecutorDeps, "db">, path: WebhookPath): Promise<WebhookMatch> {
  const { namespace, flowId } = path;
  const flow = await deps.db.flow.findUnique({
    where: { namespace_flowId: { namespace, flowId } },
    select: { deleted: true, source: true, revision: true },
  });
  const known = flow && !flow.deleted ? webhooksOf(namespace, flowId, flow) : { disabled: false, webhooks: [] };
  // Every key is compared (a stand-in when there is none), so the time taken tells neither which
  // trigger came close nor whether the flow exists; the parsed flow is cached for the same reason.
  const matches = (known.webhooks.length ? known.webhooks : [STAND_IN]).filter((t) =>
    webhookKeyMatches(path.key, t.key),
  );
  const trigger = matches.find((t) => t !== STAND_IN);
  if (!trigger || !flow) throw webhookNotFound(namespace, flowId);
  return { trigger, revision: flow.revision, flowDisabled: known.disabled };
}

/**
 * Starts the flow of a matched webhook with `{{ trigger.body }}` (JSON parsed when sent as JSON),
 * `{{ trigger.headers }}` and `{{ trigger.parameters }}` (lists of values, as Kestra). A disabled
 * flow or trigger, or conditions that do not hold, refuse (409); JSON nested too deep, 400. A `when`
 * that renders false starts nothing: null (Kestra answers 204).
 */
export async function startFromWebhook(
  deps: Pick<ExecutorDeps, "db" | "templates" | "config">,
  match: WebhookMatch,
  call: WebhookCall,
) {
  const { namespace, flowId } = call;
  const { trigger } = match;
  if (match.flowDisabled) throw new AppError("CONFLICT", `flow ${namespace}.${flowId} is disabled`);
  if (trigger.disabled === true)
    throw new AppError("CONFLICT", `webhook trigger ${trigger.id} of ${namespace}.${flowId} is disabled`);

  const variables = {
    body: bodyOf(call),
    headers: listsOf(call.headers.entries()),
    parameters: listsOf(call.url.searchParams.entries()),
  };
  const render = triggerRenderer(deps);
  const scope = { flow: { id: flowId, namespace, revision: match.revision }, trigger: variables };
  const conditions = (trigger.conditions ?? []) as TCondition[];
  const holds = await allConditions(conditions, {
    now: new Date(),
    flow: { namespace, id: flowId },
    variables: scope,
    render: render.text,
  }).catch((err: unknown) => {
    if (err instanceof ConditionError) return false;
    throw err;
  });
  if (!holds) throw new AppError("CONFLICT", `the conditions of webhook trigger ${trigger.id} do not hold`);
  if (trigger.when !== undefined && !isTruthy(await render.text(trigger.when, scope))) return null;
  const inputs = trigger.inputs ? await render.value(trigger.inputs, scope) : {};
  return createExecution(deps.db, namespace, flowId, inputs, undefined, {
    trigger: variables,
    triggerType: "webhook",
    triggerId: trigger.id,
  });
}

const STAND_IN = { id: "", type: WEBHOOK, key: randomBytes(32).toString("hex") } as TWebhookTrigger;
const cache = new Map<string, { source: string; disabled: boolean; webhooks: TWebhookTrigger[] }>();

/** The flow's Webhook triggers, parsed again only when its source changes (not its revision: a flow deleted and made again restarts them). */
function webhooksOf(namespace: string, flowId: string, flow: { revision: number; source: string }) {
  const key = `${namespace}\u0000${flowId}`;
  const hit = cache.get(key);
  if (hit?.source === flow.source) return hit;
  const parsed = parseFlow(flow.source);
  const webhooks = parsed.ok
    ? (parsed.flow.triggers ?? [])
        .filter((t) => t.type === WEBHOOK)
        .map((t) => ZWebhookTrigger.parse(t) as TWebhookTrigger)
    : [];
  const entry = { source: flow.source, disabled: parsed.ok && parsed.flow.disabled === true, webhooks };
  cache.set(key, entry);
  return entry;
}

/** JSON when the caller says so and it parses; else the text (Kestra keeps what does not parse as text). */
function bodyOf(call: WebhookCall): unknown {
  if (call.body.length === 0) return null;
  const text = call.body.toString("utf8");
  const type = (call.headers.get("content-type") ?? "").split(";")[0].trim().toLowerCase();
  if (type === "application/json" || type.endsWith("+json")) {
    let value: unknown;
    try {
      value = JSON.parse(text) as unknown;
    } catch {
      return text;
    }
    // V8 parses any depth without recursion, but storing and rendering it would overflow the stack.
    if (valueDepth(value, MAX_JSON_DEPTH) > MAX_JSON_DEPTH)
      throw new AppError("BAD_REQUEST", `the webhook body's ${new JsonDepthError(MAX_JSON_DEPTH).message}`);
    return value;
  }
  return text;
}

/** Name → every value given, as Kestra's `asMap()` of headers and query parameters. */
function listsOf(entries: Iterable<[string, string]>): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [name, value] of entries) (out[name] ??= []).push(value);
  return out;
}
