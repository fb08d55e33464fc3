import { randomUUID } from "node:crypto";
import type { Db } from "../db/create-client";
import { AppError } from "../errors/app-error";
import { createExecution } from "../executions/create-execution";
import type { TCondition } from "../flow/condition-schema";
import { toLabelList } from "../flow/labels";
import { parseFlow } from "../flow/parse-flow";
import { HTTP_TRIGGER_TYPE, type TPollingTrigger } from "../flow/trigger-schemas";
import { pollIntervalMs, readPollingTrigger } from "../flows/poll-trigger-plan";
import { SecretMasker } from "../secrets/secret-masker";
import { effectiveConfig } from "../settings/settings";
import { ConditionError } from "./conditions/condition-context";
import { allConditions } from "./conditions/evaluate-condition";
import { pollHttp } from "./http-trigger-poll";
import { pollPlugin } from "./plugin-trigger-poll";
import { PollFiles } from "./poll-files";
import { pollRenderer } from "./poll-render";
import type { PollDeps, PollStep } from "./poll-types";
import { type FireOutcome, stoppedAfter, type TriggerRow } from "./schedule-fire";
import { triggerRenderer } from "./trigger-render";

export type { PollDeps } from "./poll-types";

/** The type's own part of a poll, how the log names its triggers, and what the executions it starts record as their origin. */
function kindOf(type: string): { step: PollStep; label: string; origin: "http" | "poll" } {
  if (type === HTTP_TRIGGER_TYPE) return { step: pollHttp, label: "http trigger", origin: "http" };
  return { step: pollPlugin, label: type.replace(/^io\.kestra\.plugin\./, ""), origin: "poll" };
}

/**
 * One poll of a polling trigger (http.Trigger, a plugin's), once across all servers: the poll due at
 * `row.nextDate` is claimed by moving `nextDate` on by `interval` from exactly the value read
 * (compare-and-set, as a Schedule tick). Then the trigger's `conditions` are checked, before the poll
 * as Kestra's scheduler does (so a poll's side effects, a JDBC trigger's afterSQL, happen only when an
 * execution may start); the type's own part polls; and what it found starts an execution with it as
 * `trigger.*` and the trigger's labels. A poll that goes wrong is logged and waits for the next one.
 */
export async function pollTrigger(
  deps: PollDeps,
  row: TriggerRow,
  now: Date,
  log: (message: string) => void,
  signal?: AbortSignal,
): Promise<FireOutcome> {
  const { db } = deps;
  const due = row.nextDate;
  if (!due) return "skipped";
  const live = await livePollingTrigger(db, row);
  if (!live?.enabled) {
    await db.trigger.updateMany({ where: { id: row.id, nextDate: due }, data: { nextDate: null } });
    return "skipped";
  }
  const { trigger } = live;
  const { step, label, origin } = kindOf(trigger.type);
  if (await stoppedAfter(db, row, trigger.stopAfter, origin)) return "stopped";
  const claim = await db.trigger.updateMany({
    where: { id: row.id, nextDate: due, disabled: false },
    data: { nextDate: new Date(now.getTime() + pollIntervalMs(trigger)), lastDate: now },
  });
  if (claim.count !== 1) return "lost";
  const name = `${label} ${row.namespace}.${row.flowId}.${row.triggerId}`;
  const flow = { id: row.flowId, namespace: row.namespace, revision: live.revision };
  const masker = new SecretMasker();
  // An admin's settings (private addresses, host files, file sizes) hold for polls as for tasks.
  const config = await effectiveConfig(db, deps.config);
  const executionId = randomUUID();
  const files = new PollFiles(deps.storage, executionId, row.triggerId, {
    maxFileBytes: config.OSPREY_MAX_OUTPUT_FILE_BYTES,
    maxTaskBytes: config.OSPREY_MAX_OUTPUT_BYTES_PER_TASK,
  });
  let started = false;
  try {
    const render = triggerRenderer(deps);
    const holds = await allConditions((trigger.conditions ?? []) as TCondition[], {
      now,
      flow: { namespace: row.namespace, id: row.flowId },
      variables: { flow },
      render: render.text,
    }).catch((err: unknown) => {
      if (err instanceof ConditionError) return false;
      throw err;
    });
    if (!holds) return "skipped";
    const polled = await step({
      config,
      trigger,
      flow,
      render: pollRenderer(deps, flow, masker),
      renderText: (expression, variables) => render.text(expression, { flow, ...variables }),
      files,
      signal: signal ?? new AbortController().signal,
      log: (message) => log(`${name}: ${masker.mask(message)}`),
    });
    if (!polled) return "skipped";
    await createExecution(db, row.namespace, row.flowId, {}, undefined, {
      id: executionId,
      trigger: polled.variables,
      triggerType: origin,
      triggerId: row.triggerId,
      labels: toLabelList(trigger.labels),
    });
    started = true;
    return "fired";
  } catch (err) {
    const message = AppError.is(err) || err instanceof Error ? err.message : String(err);
    log(`${name} at ${now.toISOString()}: ${masker.mask(message)}`);
    return "failed";
  } finally {
    if (!started)
      await files.discard().catch((err: unknown) => log(`${name}: its files were not removed: ${String(err)}`));
  }
}

/** The current revision's polling trigger of the row, with whether it may poll at all; null when gone. */
async function livePollingTrigger(
  db: Db,
  row: TriggerRow,
): Promise<{ trigger: TPollingTrigger; revision: number; enabled: boolean } | null> {
  const flow = await db.flow.findUnique({
    where: { namespace_flowId: { namespace: row.namespace, flowId: row.flowId } },
    select: { source: true, deleted: true, revision: true },
  });
  if (!flow || flow.deleted) return null;
  const parsed = parseFlow(flow.source);
  if (!parsed.ok) return null;
  const trigger = readPollingTrigger(parsed.flow.triggers?.find((t) => t.id === row.triggerId));
  if (!trigger) return null;
  return { trigger, revision: flow.revision, enabled: parsed.flow.disabled !== true && !trigger.disabled };
}
