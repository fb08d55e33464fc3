import { FAILURES, State, isTerminalState } from "../states/states";
import { splitLines, splitRuleOf } from "../files/split-lines";
import { correlationIdOf } from "../flow/labels";
import { flowNotFound } from "../flows/get-flow";
import { mayReach } from "../namespaces/namespace-access";
import { OUTPUT_DIR, WORKING_DIR } from "../runner/script-spec";
import { toBool } from "../values/values";
import { createExecution } from "../executions/create-execution";
import type { ExecutionSession } from "../task-runs/execution-session";
import { renderInSession } from "../task-runs/render-in-session";
import { loadRunsOf, type StoredRun } from "../task-runs/stored-run";
import { templateContext } from "../task-runs/template-context";
import { waitOnBus } from "../task-runs/wait-on-bus";
import { childLabels, killChild } from "./subflow-task";
import { log, type TaskContext, type TaskOutcome } from "./task-context";
import { extensionOfUri, taskFiles } from "./task-files";
import { writeHeld } from "../task-runs/task-run-lease";

/** Most batches one ForEachItem starts: each is an execution, so a file of a million rows with `rows: 1` is refused, not run. */
export const MAX_BATCHES = 1_000;

/** What a ForEachItem task run keeps as it goes, so a restart neither splits again nor starts a batch twice. */
interface Progress {
  batches?: string[];
  executionIds?: string[];
}

type Child = { id: string; state: string; error: string | null; outputs: string | null };

/**
 * io.kestra.plugin.core.flow.ForEachItem: splits the `items` file into batches (`batch`: rows,
 * default 1; bytes; partitions), stores each as a file of this task run, and starts the flow once
 * per batch with `inputs` rendered for it, `{{ taskrun.items }}` being the batch's URI and
 * `{{ taskrun.iteration }}` its number (from 1). With `wait` (default) it ends with the last of
 * them: outputs `numberOfBatches`, `iterations` (count by state) and, when the flow has outputs,
 * `uri`: a file of one JSON line of outputs per batch, in order. With `transmitFailed` (default)
 * a failed or killed batch fails it, a WARNING one warns.
 */
export async function runForEachItemTask(
  ctx: TaskContext,
  task: Record<string, unknown>,
  session: ExecutionSession,
  run: StoredRun,
): Promise<TaskOutcome> {
  const { db } = ctx.deps;
  const io = taskFiles(ctx);
  const progress: Progress = JSON.parse(run.outputs ?? "{}") as Progress;
  const save = (outputs: Record<string, unknown>) =>
    writeHeld(db, ctx.taskRunId, ctx.deps.config.OSPREY_WORKER_NAME, {
      outputs: JSON.stringify({ ...progress, ...outputs }),
    });
  // Before any batch starts: a flow out of this namespace's reach answers as a missing one.
  const starting = !progress.batches || (progress.executionIds ?? []).length < progress.batches.length;
  if (starting && !(await mayReach(db, session.execution.namespace, String(task.namespace))))
    throw flowNotFound(String(task.namespace), String(task.flowId));

  if (!progress.batches) {
    const items = String(task.items ?? "").trim();
    if (!items.startsWith("osprey:///"))
      return {
        state: State.FAILED,
        error: `Unable to split the items from ${items}: this is not an Osprey file URI`,
        outputs: {},
      };
    const batch = (task.batch ?? {}) as Record<string, unknown>;
    const pieces = splitLines((await io.read(items)).toString("utf8"), splitRuleOf(batch));
    if (pieces.length > MAX_BATCHES)
      return {
        state: State.FAILED,
        error: `${pieces.length} batches: more than the ${MAX_BATCHES} one ForEachItem may start; use larger batches (batch.rows, batch.bytes or batch.partitions)`,
        outputs: {},
      };
    const ext = extensionOfUri(items);
    const names = pieces.map((_, i) => `batches/${i + 1}${ext}`);
    const files = await io.store(Object.fromEntries(names.map((n, i) => [n, pieces[i]])));
    progress.batches = names.map((n) => files[n]);
    progress.executionIds = [];
    await save({ numberOfBatches: pieces.length });
    log(ctx, `Split ${items} into ${pieces.length} batch${pieces.length === 1 ? "" : "es"}`, "INFO", "system");
  }
  const batches = progress.batches;
  const ids = (progress.executionIds ??= []);
  const namespace = String(task.namespace);
  const flowId = String(task.flowId);
  const labels = childLabels(session.execution, task);
  for (let i = ids.length; i < batches.length; i++) {
    if (ctx.signal.aborted) break;
    const inputs = await renderBatchInputs(session, run, batches[i], i + 1);
    const child = await createExecution(db, namespace, flowId, inputs, `ForEachItem of ${ctx.executionId}`, {
      trigger: {
        executionId: ctx.executionId,
        namespace: session.execution.namespace,
        flowId: session.execution.flowId,
        flowRevision: session.execution.flowRevision,
      },
      labels,
      triggerType: "subflow",
      correlationId: correlationIdOf(session.execution),
      maxDepth: ctx.deps.config.OSPREY_MAX_SUBFLOW_DEPTH,
    });
    ids.push(child.id);
    await save({ numberOfBatches: batches.length, iterations: { CREATED: ids.length } });
    ctx.deps.executions?.wake();
  }
  log(ctx, `Started ${ids.length} execution${ids.length === 1 ? "" : "s"} of ${namespace}.${flowId}`, "INFO", "system");
  const base = { numberOfBatches: batches.length };
  // Without waiting, each batch counts as done once its execution is made (Kestra's ExecutableUtils).
  if (!toBool(task.wait, "wait", true))
    return { state: State.SUCCESS, outputs: { ...base, iterations: { RUNNING: 0, SUCCESS: ids.length } } };

  const children = await waitForAll(ctx, ids, (iterations) => save({ ...base, iterations }));
  const iterations = countByState(children);
  const outputs: Record<string, unknown> = { ...base, iterations };
  const declared = children.filter((c) => c.outputs !== null);
  if (declared.length > 0) {
    const lines = `${children.map((c) => c.outputs ?? "{}").join("\n")}\n`;
    outputs.uri = (await io.store({ "outputs.ion": lines }))["outputs.ion"];
  }
  if (!toBool(task.transmitFailed, "transmitFailed", true)) return { state: State.SUCCESS, outputs };
  const failed = children.filter((c) => FAILURES.has(c.state));
  if (failed.length)
    return {
      state: State.FAILED,
      error: `${failed.length} of ${children.length} batch executions failed or were killed (first: ${failed[0].id}${failed[0].error ? `: ${failed[0].error}` : ""})`,
      outputs,
    };
  if (children.some((c) => c.state === State.WARNING))
    return { state: State.WARNING, error: "a batch execution ended WARNING", outputs };
  return { state: State.SUCCESS, outputs };
}

/** `inputs` as written, rendered for one batch: Kestra adds `taskrun.items` and `taskrun.iteration`. */
async function renderBatchInputs(
  session: ExecutionSession,
  run: StoredRun,
  items: string,
  iteration: number,
): Promise<Record<string, unknown>> {
  const raw = session.tasks.get(run.taskId)?.inputs as Record<string, unknown> | undefined;
  if (!raw) return {};
  const runs = await loadRunsOf(session.deps.db, session.execution.id);
  const vars = templateContext(
    session,
    { ...run, startedAt: run.startedAt ?? new Date() },
    runs,
    { attempt: run.attempt, workingDir: WORKING_DIR, outputDir: OUTPUT_DIR },
    raw,
  );
  const taskrun = { ...vars.taskrun!, items, iteration };
  const { value } = await renderInSession(session, { value: raw, vars: { ...vars, taskrun } });
  return value as Record<string, unknown>;
}

/** Waits for every batch execution to end, reporting counts as they change; a kill of this task kills them all. */
async function waitForAll(
  ctx: TaskContext,
  ids: string[],
  report: (iterations: Record<string, number>) => Promise<unknown>,
): Promise<Child[]> {
  let last = "";
  let killed = false;
  return waitOnBus(
    ctx.deps.bus,
    ids,
    (e) => e.kind === "state" && e.event.taskRunId === null,
    ctx,
    async () => {
      const rows = await ctx.deps.db.execution.findMany({
        where: { id: { in: ids } },
        select: { id: true, state: true, error: true, outputs: true },
      });
      const byId = new Map(rows.map((r) => [r.id, r]));
      const children = ids.map(
        (id) => byId.get(id) ?? { id, state: State.FAILED, error: "execution not found", outputs: null },
      );
      if (children.every((c) => isTerminalState(c.state))) return children;
      const counts = JSON.stringify(countByState(children));
      if (counts !== last) {
        last = counts;
        await report(countByState(children));
      }
      if (ctx.signal.aborted && !killed) {
        killed = true;
        for (const c of children) if (!isTerminalState(c.state)) await killChild(ctx, c.id);
      }
      return undefined;
    },
  );
}

/** Kestra's `iterations`: CREATED and RUNNING always there (0 once all ended), then every state seen. */
function countByState(children: Child[]): Record<string, number> {
  const out: Record<string, number> = { CREATED: 0, RUNNING: 0 };
  for (const c of children) out[c.state] = (out[c.state] ?? 0) + 1;
  return out;
}
