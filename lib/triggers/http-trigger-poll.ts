import type { Db } from "../db/create-client";
import { isTruthy } from "../engine/truth";
import { AppError } from "../errors/app-error";
import { createExecution } from "../executions/create-execution";
import type { ExecutorDeps } from "../deps/executor-deps";
import { httpTaskRequest } from "../http-client/http-task-request";
import { parseFlow } from "../flow/parse-flow";
import type { THttpTrigger } from "../flow/trigger-schemas";
import { readBounded, safeRequest } from "../http-client/safe-request";
import { effectiveConfig } from "../settings/settings";
import { ConditionError } from "./conditions/condition-context";
import type { TCondition } from "../flow/condition-schema";
import { allConditions } from "./conditions/evaluate-condition";
import { pollIntervalMs, readHttpTrigger } from "../flows/http-trigger-plan";
import { type FireOutcome, stoppedAfter, type TriggerRow } from "./schedule-fire";
import { triggerRenderer } from "./trigger-render";

/** What a poll needs besides the database: the template workers and the HTTP settings. */
export type PollDeps = Pick<ExecutorDeps, "db" | "templates" | "config">;

/** Properties of the trigger that describe the request (rendered before it is sent). */
const REQUEST_KEYS = ["uri", "method", "headers", "body", "formData", "contentType", "options"] as const;

/**
 * One poll of an http.Trigger, once across all servers: the poll due at `row.nextDate` is claimed by
 * moving `nextDate` on by `interval` from exactly the value read (compare-and-set, as a Schedule
 * tick). Then the request is made (failed status codes included: the condition decides), and when
 * `responseCondition` and the trigger's `conditions` hold, an execution starts with the response as
 * `trigger.*` (Kestra's Request output: uri, code, headers, body). A poll that goes wrong is logged
 * and waits for the next one.
 */
export async function pollHttpTrigger(
  deps: PollDeps,
  row: TriggerRow,
  now: Date,
  log: (message: string) => void,
  signal?: AbortSignal,
): Promise<FireOutcome> {
  const { db } = deps;
  const due = row.nextDate;
  if (!due) return "skipped";
  const live = await liveHttpTrigger(db, row);
  if (!live?.enabled) {
    await db.trigger.updateMany({ where: { id: row.id, nextDate: due }, data: { nextDate: null } });
    return "skipped";
  }
  const { trigger } = live;
  if (await stoppedAfter(db, row, trigger.stopAfter, "http")) return "stopped";
  const claim = await db.trigger.updateMany({
    where: { id: row.id, nextDate: due, disabled: false },
    data: { nextDate: new Date(now.getTime() + pollIntervalMs(trigger)), lastDate: now },
  });
  if (claim.count !== 1) return "lost";
  const name = `http trigger ${row.namespace}.${row.flowId}.${row.triggerId}`;
  try {
    const render = triggerRenderer(deps);
    const flow = { id: row.flowId, namespace: row.namespace, revision: live.revision };
    const props: Record<string, unknown> = {};
    for (const key of REQUEST_KEYS) if (trigger[key] !== undefined) props[key] = trigger[key];
    const rendered = await render.value(props, { flow });
    // An admin's settings (private addresses, response size) hold for polls as for HTTP tasks.
    const config = await effectiveConfig(db, deps.config);
    const request = httpTaskRequest(rendered, config, signal ?? new AbortController().signal);
    const response = await safeRequest(request);
    const body =
      request.method === "HEAD"
        ? null
        : (await readBounded(response.body, config.OSPREY_HTTP_MAX_RESPONSE_BYTES)).toString("utf8");
    const responseVars = { statusCode: response.status, body, headers: response.headers };
    if (!isTruthy(await render.text(trigger.responseCondition, { flow, response: responseVars }))) return "skipped";
    // Kestra checks responseCondition first, then the trigger's generic conditions.
    const conditions = (trigger.conditions ?? []) as TCondition[];
    const holds = await allConditions(conditions, {
      now,
      flow: { namespace: row.namespace, id: row.flowId },
      variables: { flow, response: responseVars },
      render: render.text,
    }).catch((err: unknown) => {
      if (err instanceof ConditionError) return false;
      throw err;
    });
    if (!holds) return "skipped";
    // encryptBody: Osprey has no key to keep the body encrypted, so it is not kept at all.
    const output = {
      uri: response.url,
      code: response.status,
      headers: response.headers,
      ...(trigger.encryptBody ? {} : { body }),
    };
    await createExecution(db, row.namespace, row.flowId, {}, undefined, {
      trigger: output,
      triggerType: "http",
      triggerId: row.triggerId,
    });
    return "fired";
  } catch (err) {
    log(`${name} at ${now.toISOString()}: ${AppError.is(err) || err instanceof Error ? err.message : String(err)}`);
    return "failed";
  }
}

/** The current revision's http.Trigger of the row, with whether it may poll at all; null when gone. */
async function liveHttpTrigger(
  db: Db,
  row: TriggerRow,
): Promise<{ trigger: THttpTrigger; revision: number; enabled: boolean } | null> {
  const flow = await db.flow.findUnique({
    where: { namespace_flowId: { namespace: row.namespace, flowId: row.flowId } },
    select: { source: true, deleted: true, revision: true },
  });
  if (!flow || flow.deleted) return null;
  const parsed = parseFlow(flow.source);
  if (!parsed.ok) return null;
  const trigger = readHttpTrigger(parsed.flow.triggers?.find((t) => t.id === row.triggerId));
  if (!trigger) return null;
  return { trigger, revision: flow.revision, enabled: parsed.flow.disabled !== true && !trigger.disabled };
}
