import { isTerminalState } from "../../engine/task-states";
import { toLabelList } from "../../flow/labels";
import { toBool } from "../../runner/values";
import { createExecution } from "../create-execution";
import { log, type TaskContext, type TaskOutcome } from "./task-context";

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
export async function runSubflowTask(ctx: TaskContext, task: Record<string, unknown>, prior: SubflowProgress, parent: { namespace: string; flowId: string; flowRevision: number }): Promise<TaskOutcome> {
  const { db } = ctx.deps;
  let childId = prior.executionId;
  if (!childId) {
    const child = await createExecution(db, String(task.namespace), String(task.flowId), (task.inputs ?? {}) as Record<string, unknown>, `subflow of ${ctx.executionId}`, {
      trigger: { executionId: ctx.executionId, namespace: parent.namespace, flowId: parent.flowId, flowRevision: parent.flowRevision },
      labels: toLabelList(task.labels),
      triggerType: "subflow",
      secrets: ctx.deps.secrets,
    });
    childId = child.id;
    await db.taskRun.update({ where: { id: ctx.taskRunId }, data: { outputs: JSON.stringify({ executionId: childId }) } });
    log(ctx, `Started execution ${childId} of ${String(task.namespace)}.${String(task.flowId)}`, "INFO", "system");
    ctx.deps.executions?.wake();
  }
  if (!toBool(task.wait, "wait", true)) return { state: "SUCCESS", outputs: { executionId: childId } };
  const child = await waitForExecution(ctx, childId);
  const outputs = { executionId: childId, state: child.state, outputs: child.outputs ? (JSON.parse(child.outputs) as unknown) : {} };
  const transmit = toBool(task.transmitFailed, "transmitFailed", true);
  if (!transmit || child.state === "SUCCESS" || child.state === "CANCELLED" || child.state === "SKIPPED") return { state: "SUCCESS", outputs };
  if (child.state === "WARNING") return { state: "WARNING", error: `subflow execution ${childId} ended WARNING`, outputs };
  return { state: "FAILED", error: `subflow execution ${childId} ended ${child.state}${child.error ? `: ${child.error}` : ""}`, outputs };
}

/** Waits for a child execution to end; a kill of this task kills the child too. */
async function waitForExecution(ctx: TaskContext, executionId: string) {
  for (;;) {
    const child = await ctx.deps.db.execution.findUniqueOrThrow({ where: { id: executionId }, select: { state: true, error: true, outputs: true } });
    if (isTerminalState(child.state)) return child;
    if (ctx.signal.aborted) {
      if (!ctx.deps.executions?.kill(executionId, `its parent ${ctx.executionId} was killed`)) {
        await ctx.deps.db.execution.updateMany({ where: { id: executionId, state: "CREATED" }, data: { state: "KILLED", error: `its parent ${ctx.executionId} was killed`, endedAt: new Date() } });
      }
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}
