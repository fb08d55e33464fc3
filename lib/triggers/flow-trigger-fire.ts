import type { Db } from "../db/create-client";
import { AppError } from "../errors/app-error";
import { correlationIdOf } from "../flow/labels";
import type { ExecutorDeps } from "../deps/executor-deps";
import { parseFlow } from "../flow/parse-flow";
import { reachOf } from "../namespaces/namespace-access";
import { STATES, type TState } from "../states/states";
import { type TFlowTrigger, ZFlowTrigger } from "../flow/trigger-schemas";
import { listensTo, matchFlowTrigger } from "./flow-trigger-match";
import { startListeningFlow, type ListeningFlowSpec } from "./flow-trigger-start";
import { readUpstream } from "./flow-trigger-upstream";
import { advanceWindow, type WindowedSpec } from "./flow-trigger-window";
import { triggerRenderer } from "./trigger-render";
import { ExecutionKind } from "../execution-kind/execution-kind";

const FLOW_TRIGGER = "io.kestra.plugin.core.trigger.Flow";
const FLOW_TRIGGER_NAMES = [FLOW_TRIGGER, "io.kestra.core.models.triggers.types.Flow"];
// Only flows whose source names a Flow trigger (new or old name) are parsed at each state change.
const MENTIONS_FLOW_TRIGGER = /io\.kestra\.(plugin\.core\.trigger|core\.models\.triggers\.types)\.Flow\b/;

/** Parsed Flow triggers by flow: a flow is parsed again only when its source changes. */
const cache = new Map<
  string,
  { source: string; disabled: boolean; triggers: TFlowTrigger[]; inputs: ListeningFlowSpec["inputs"] }
>();

/**
 * After an execution moved into `state` (each change, told once: lib/triggers/flow-trigger-listen.ts):
 * starts every flow whose Flow trigger it satisfies, as Kestra's FlowTriggerService (never the flow
 * itself, nor a flow of a namespace that may not reach the execution's: lib/namespaces). A trigger
 * hears the states in its `states` (default: the terminal ones). Its conditions, inputs and labels
 * read the upstream execution's variables (lib/triggers/flow-trigger-upstream.ts). Windowed
 * conditions record what they saw and start the flow once complete. Returns the ids of the
 * executions started; a trigger that cannot start (inputs that do not render, disabled flow) is
 * skipped with a warning, never failing the upstream execution.
 */
/** The states some enabled flow's Flow trigger listens to now (read as fireFlowTriggers reads them). */
export async function listenedStates(db: Db): Promise<Set<TState>> {
  const out = new Set<TState>();
  for (const flow of await flowsWithFlowTriggers(db))
    if (!flow.disabled)
      for (const t of flow.triggers) for (const state of STATES) if (listensTo(t, state)) out.add(state);
  return out;
}

export async function fireFlowTriggers(deps: ExecutorDeps, executionId: string, state: TState): Promise<string[]> {
  const { db } = deps;
  const listening = (await flowsWithFlowTriggers(db))
    .map((flow) => ({ ...flow, triggers: flow.triggers.filter((t) => listensTo(t, state)) }))
    .filter((flow) => !flow.disabled && flow.triggers.length > 0);
  // Most state changes concern no trigger: nothing more is read.
  if (listening.length === 0) return [];
  const row = await db.execution.findUnique({ where: { id: executionId } });
  // A playground run (the editor's unsaved flow) starts nothing.
  if (!row || row.kind === ExecutionKind.PLAYGROUND) return [];
  // Read at each change, so an allowance given or taken back holds for the next one.
  const mayListen = await reachOf(db, row.namespace);
  // A flow hears only the namespaces it may reach, whatever its conditions say: never fired, it learns nothing.
  const heard = listening.filter(
    (flow) => !(flow.namespace === row.namespace && flow.flowId === row.flowId) && mayListen(flow.namespace),
  );
  if (heard.length === 0) return [];
  const upstream = await readUpstream(deps, row, state, JSON.stringify(heard.map((f) => f.triggers)));
  const render = triggerRenderer(deps);
  const started: string[] = [];
  const now = new Date();
  for (const flow of heard) {
    const variables = upstream.variablesFor(flow);
    for (const t of flow.triggers) {
      try {
        const ctx = {
          execution: upstream.execution,
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
        started.push(
          await startListeningFlow(deps, {
            flow,
            trigger: t,
            upstream,
            variables,
            correlationId: correlationIdOf(row),
          }),
        );
      } catch (err) {
        const reason = AppError.is(err) || err instanceof Error ? err.message : String(err);
        console.warn(
          `[osprey] flow trigger ${flow.namespace}.${flow.flowId}/${t.id} did not start an execution after ${row.id} (${state}): ${reason}`,
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
    where: { deleted: false, OR: FLOW_TRIGGER_NAMES.map((name) => ({ source: { contains: name } })) },
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
      entry = {
        source: row.source,
        disabled: parsed.ok && parsed.flow.disabled === true,
        triggers,
        inputs: parsed.ok ? (parsed.flow.inputs ?? []) : [],
      };
      cache.set(key, entry);
    }
    if (entry.triggers.length)
      found.push({
        namespace: row.namespace,
        flowId: row.flowId,
        revision: row.revision,
        disabled: entry.disabled,
        triggers: entry.triggers,
        inputs: entry.inputs,
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
