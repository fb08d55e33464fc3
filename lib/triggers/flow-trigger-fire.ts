import type { Db } from "../db/create-client";
import { AppError } from "../errors/app-error";
import { createExecution } from "../executions/create-execution";
import { correlationIdOf } from "../flow/labels";
import type { ExecutorDeps } from "../deps/executor-deps";
import { parseFlow } from "../flow/parse-flow";
import { reachOf } from "../namespaces/namespace-access";
import { type TFlowTrigger, ZFlowTrigger } from "../flow/trigger-schemas";
import type { ConditionExecution } from "./conditions/condition-context";
import { conditionTaskRuns } from "./conditions/condition-task-runs";
import { matchFlowTrigger } from "./flow-trigger-match";
import { advanceWindow, type WindowedSpec } from "./flow-trigger-window";
import { triggerRenderer } from "./trigger-render";

const FLOW_TRIGGER = "io.kestra.plugin.core.trigger.Flow";
// Only flows whose source names a Flow trigger (new or old name) are parsed at each execution's end.
const MENTIONS_FLOW_TRIGGER = /io\.kestra\.(plugin\.core\.trigger|core\.models\.triggers\.types)\.Flow\b/;

/** Parsed Flow triggers by flow: a flow is parsed again only when its source changes. */
const cache = new Map<string, { source: string; disabled: boolean; triggers: TFlowTrigger[] }>();

/**
 * After an execution ends: starts every flow whose Flow trigger it satisfies, as Kestra's
 * FlowTriggerService (never the flow itself, nor a flow of a namespace that may not reach the
 * execution's: lib/namespaces). Windowed conditions record what they saw and start
 * the flow once complete. Returns the ids of the executions started; a trigger that cannot start
 * (bad inputs, disabled flow) is skipped with a warning, never failing the ended execution.
 */
export async function fireFlowTriggers(deps: ExecutorDeps, executionId: string): Promise<string[]> {
  const { db } = deps;
  const row = await db.execution.findUnique({ where: { id: executionId } });
  if (!row) return [];
  const upstream: ConditionExecution = {
    id: row.id,
    namespace: row.namespace,
    flowId: row.flowId,
    flowRevision: row.flowRevision,
    state: row.state,
    labels: row.labels ? (JSON.parse(row.labels) as ConditionExecution["labels"]) : [],
    outputs: row.outputs ? (JSON.parse(row.outputs) as Record<string, unknown>) : null,
    taskRuns: () => conditionTaskRuns(db, row.id),
  };
  const render = triggerRenderer(deps);
  const started: string[] = [];
  const now = new Date();
  const listeners = await flowsWithFlowTriggers(db);
  // Read at each end, so an allowance given or taken back holds for the next execution that ends.
  const mayListen = listeners.length > 0 ? await reachOf(db, upstream.namespace) : () => false;
  for (const flow of listeners) {
    if (flow.disabled || (flow.namespace === upstream.namespace && flow.flowId === upstream.flowId)) continue;
    // A flow hears only the namespaces it may reach, whatever its conditions say: never fired, it learns nothing.
    if (!mayListen(flow.namespace)) continue;
    const trigger = {
      executionId: upstream.id,
      namespace: upstream.namespace,
      flowId: upstream.flowId,
      flowRevision: upstream.flowRevision,
      state: upstream.state,
      outputs: upstream.outputs ?? {},
    };
    const variables = {
      flow: { id: flow.flowId, namespace: flow.namespace, revision: flow.revision },
      execution: { id: upstream.id, startDate: row.createdAt.toISOString() },
      trigger,
    };
    for (const t of flow.triggers) {
      try {
        const ctx = {
          execution: upstream,
          now,
          flow: { namespace: flow.namespace, id: flow.flowId },
          variables,
          render: render.text,
        };
        const match = await matchFlowTrigger(t, ctx);
        if (!match) continue;
        let complete = true;
        for (const { spec, met } of match.windows)
          complete = (await recordInWindow(db, flow, t.id, spec, met, now)) && complete;
        if (!complete) continue;
        const inputs = t.inputs ? await render.value(t.inputs, variables) : {};
        const execution = await createExecution(db, flow.namespace, flow.flowId, inputs, undefined, {
          trigger,
          triggerType: "flow",
          triggerId: t.id,
          correlationId: correlationIdOf(row),
        });
        started.push(execution.id);
      } catch (err) {
        const reason = AppError.is(err) || err instanceof Error ? err.message : String(err);
        console.warn(
          `[osprey] flow trigger ${flow.namespace}.${flow.flowId}/${t.id} did not start an execution after ${upstream.id}: ${reason}`,
        );
      }
    }
  }
  if (started.length) deps.executions?.wake();
  return started;
}

/** How often a window update that lost a race with another is tried again. */
const WINDOW_RETRIES = 10;

async function flowsWithFlowTriggers(db: Db) {
  const rows = await db.flow.findMany({
    where: { deleted: false },
    select: { namespace: true, flowId: true, revision: true, source: true },
  });
  const found = [];
  for (const row of rows) {
    if (!MENTIONS_FLOW_TRIGGER.test(row.source)) continue;
    const key = `${row.namespace}\u0000${row.flowId}`;
    let entry = cache.get(key);
    if (entry?.source !== row.source) {
      const parsed = parseFlow(row.source);
      const triggers = parsed.ok
        ? (parsed.flow.triggers ?? [])
            .filter((t) => t.type === FLOW_TRIGGER)
            .map((t) => ZFlowTrigger.parse(t) as TFlowTrigger)
        : [];
      entry = { source: row.source, disabled: parsed.ok && parsed.flow.disabled === true, triggers };
      cache.set(key, entry);
    }
    if (entry.triggers.length)
      found.push({
        namespace: row.namespace,
        flowId: row.flowId,
        revision: row.revision,
        disabled: entry.disabled,
        triggers: entry.triggers,
      });
  }
  return found;
}

/**
 * Adds what one execution met to the window, in one serializable transaction (two upstream ends at
 * once must not both read the window before either writes it: on PostgreSQL one of them is made to
 * retry); true when the window is complete.
 */
export async function recordInWindow(
  db: Db,
  flow: { namespace: string; flowId: string },
  triggerId: string,
  spec: WindowedSpec,
  met: string[],
  now: Date,
): Promise<boolean> {
  const where = {
    namespace_flowId_triggerId_conditionId: {
      namespace: flow.namespace,
      flowId: flow.flowId,
      triggerId,
      conditionId: spec.id,
    },
  };
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.$transaction(
        async (tx) => {
          const row = await tx.triggerWindow.findUnique({ where });
          const stored = row ? { start: row.start, end: row.end, results: JSON.parse(row.results) as string[] } : null;
          const { complete, next } = advanceWindow(stored, spec, met, now);
          if (next) {
            const data = { start: next.start, end: next.end, results: JSON.stringify(next.results) };
            await tx.triggerWindow.upsert({
              where,
              create: { ...where.namespace_flowId_triggerId_conditionId, ...data },
              update: data,
            });
          } else if (row) {
            await tx.triggerWindow.delete({ where });
          }
          return complete;
        },
        { isolationLevel: "Serializable" },
      );
    } catch (err) {
      // A serialization failure (P2034) or a row both created at once (P2002): read it again.
      const code = (err as { code?: string }).code;
      if (attempt >= WINDOW_RETRIES || (code !== "P2034" && code !== "P2002")) throw err;
      await new Promise((r) => setTimeout(r, 5 * attempt));
    }
  }
}
