import { AppError } from "../errors/app-error";
import { State, isTerminalState } from "../states/states";
import { correlationIdOf, toLabelList, type TLabel, withoutSystemLabels } from "../flow/labels";
import { flowNotFound } from "../flows/get-flow";
import { mayReach } from "../namespaces/namespace-access";
import { toBool } from "../values/values";
import { createExecution } from "../executions/create-execution";
import { killExecution } from "../executions/kill-execution";
import { waitOnBus } from "../task-runs/wait-on-bus";
import { renderDeprecatedOutputs } from "./subflow-outputs";
import { log, type TaskContext, type TaskOutcome } from "./task-context";
import { writeHeld } from "../task-runs/task-run-lease";

/** What a Subflow task run keeps while it waits, so a restart waits for the same child. */
interface SubflowProgress {
  executionId?: string;
}

/**
 * io.kestra.plugin.core.flow.Subflow: runs another flow (its current revision) with `inputs`, as a
 * new execution whose `{{ trigger.* }}` names this one. With `wait` (default) the task ends with the
 * child: outputs `executionId`, `state` and the child's flow `outputs`; with `transmitFailed`
 * (default) a child that failed, was killed or warned gives this task its state.
 */
export async function runSubflowTask(
  ctx: TaskContext,
  task: Record<string, unknown>,
  prior: SubflowProgress,
  parent: { id: string; namespace: string; flowId: string; flowRevision: number; labels: string | null },
): Promise<TaskOutcome> {
  const { db } = ctx.deps;
  let childId = prior.executionId;
  if (!childId) {
    // A flow out of this namespace's reach answers as a missing one: nothing tells which exist there.
    if (!(await mayReach(db, parent.namespace, String(task.namespace))))
      throw flowNotFound(String(task.namespace), String(task.flowId));
    const child = await createExecution(
      db,
      String(task.namespace),
      String(task.flowId),
      (task.inputs ?? {}) as Record<string, unknown>,
      `subflow of ${ctx.executionId}`,
      {
        trigger: {
          executionId: ctx.executionId,
          namespace: parent.namespace,
          flowId: parent.flowId,
          flowRevision: parent.flowRevision,
        },
        labels: childLabels(parent, task),
        triggerType: "subflow",
        correlationId: correlationIdOf(parent),
        secrets: ctx.deps.secrets,
        maxDepth: ctx.deps.config.OSPREY_MAX_SUBFLOW_DEPTH,
      },
    );
    childId = child.id;
    await writeHeld(db, ctx.taskRunId, ctx.deps.config.OSPREY_WORKER_NAME, {
      outputs: JSON.stringify({ executionId: childId }),
    });
    log(ctx, `Started execution ${childId} of ${String(task.namespace)}.${String(task.flowId)}`, "INFO", "system");
    ctx.deps.executions?.wake();
  }
  if (!toBool(task.wait, "wait", true)) return { state: State.SUCCESS, outputs: { executionId: childId } };
  const child = await waitForExecution(ctx, childId);
  let flowOutputs: unknown = child.outputs ? JSON.parse(child.outputs) : {};
  if (!child.outputs && task.outputs && typeof task.outputs === "object") {
    try {
      flowOutputs = await renderDeprecatedOutputs(ctx, childId, task.outputs as Record<string, unknown>);
    } catch (err) {
      const reason = `Failed to extract outputs with the error: '${err instanceof Error ? err.message : String(err)}'`;
      return { state: State.FAILED, error: reason, outputs: { executionId: childId, state: child.state } };
    }
  }
  const outputs = { executionId: childId, state: child.state, outputs: flowOutputs };
  const transmit = toBool(task.transmitFailed, "transmitFailed", true);
  if (!transmit || child.state === State.SUCCESS || child.state === State.CANCELLED || child.state === State.SKIPPED)
    return { state: State.SUCCESS, outputs };
  if (child.state === State.WARNING)
    return { state: State.WARNING, error: `subflow execution ${childId} ended WARNING`, outputs };
  return {
    state: State.FAILED,
    error: `subflow execution ${childId} ended ${child.state}${child.error ? `: ${child.error}` : ""}`,
    outputs,
  };
}

/** Waits for a child execution to end; a kill of this task kills the child too (wherever it runs). */
async function waitForExecution(ctx: TaskContext, executionId: string) {
  let killAsked = false;
  return waitOnBus(
    ctx.deps.bus,
    [executionId],
    (e) => e.kind === "state" && e.event.taskRunId === null && isTerminalState(e.event.state),
    ctx,
    async () => {
      const child = await ctx.deps.db.execution.findUniqueOrThrow({
        where: { id: executionId },
        select: { state: true, error: true, outputs: true },
      });
      if (isTerminalState(child.state)) return child;
      if (ctx.signal.aborted && !killAsked) {
        killAsked = true;
        await killChild(ctx, executionId);
      }
      return undefined;
    },
  );
}

/** Kills a child execution because its parent task was killed (a child that already ended is left as it is). */
export async function killChild(ctx: TaskContext, executionId: string): Promise<void> {
  const executions = ctx.deps.executions ?? { kill: () => false };
  try {
    await killExecution(ctx.deps.db, executions, executionId, `its parent ${ctx.executionId}`);
  } catch (err) {
    if (!(AppError.is(err) && err.code === "CONFLICT")) throw err;
  }
}

/**
 * A child's labels: the task's `labels`, after the parent execution's when `inheritLabels` is true
 * (Kestra's Subflow and ForEachItem; system labels are not inherited, the correlation id apart).
 */
export function childLabels(parent: { labels: string | null }, task: Record<string, unknown>): TLabel[] {
  const own = toLabelList(task.labels);
  if (!toBool(task.inheritLabels, "inheritLabels", false)) return own;
  const inherited = withoutSystemLabels(JSON.parse(parent.labels ?? "[]") as TLabel[]);
  const byKey = new Map(inherited.map((l) => [l.key, l.value]));
  for (const l of own) byKey.set(l.key, l.value);
  return [...byKey].map(([key, value]) => ({ key, value }));
}
