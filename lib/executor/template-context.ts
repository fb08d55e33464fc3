import { ancestorsOf, outputsVariable, parentsVariable } from "../engine/run-variables";
import { worstOf } from "../engine/task-states";
import type { TemplateContext } from "../template/render";
import type { ExecutionSession } from "./execution-session";
import { type StoredRun, toRunRecord } from "./stored-run";
import { forEachItemAliases } from "./for-each-item-aliases";

type Session = Pick<ExecutionSession, "execution" | "inputs" | "flow" | "tasks">;

/** Kestra's execution-wide variables: flow, execution, inputs, vars, labels, trigger, outputs of every task run so far. */
export function executionContext(session: Session, runs: readonly StoredRun[]): Omit<TemplateContext, "secret"> {
  const { execution } = session;
  const labels = JSON.parse(execution.labels ?? "[]") as { key: string; value: string }[];
  return {
    flow: { id: execution.flowId, namespace: execution.namespace, revision: execution.flowRevision },
    execution: { id: execution.id, startDate: execution.createdAt.toISOString(), ...(execution.replayOf ? { originalId: execution.replayOf } : {}) },
    inputs: session.inputs,
    outputs: forEachItemAliases(outputsVariable(runs.map(toRunRecord)), runs),
    ...(session.flow.variables ? { vars: session.flow.variables } : {}),
    // First value wins on a repeated key, as Kestra builds `labels`.
    labels: Object.fromEntries([...labels].reverse().map((l) => [l.key, l.value])),
    ...(execution.trigger ? { trigger: JSON.parse(execution.trigger) as Record<string, unknown> } : {}),
  };
}

/**
 * Kestra's expression variables for one task run (RunVariables): the execution's, plus taskrun
 * (with its ForEach value), task, parent and parents.
 */
export function templateContext(session: Session, run: StoredRun, runs: readonly StoredRun[], extra: { attempt: number; workingDir: string; outputDir: string }): Omit<TemplateContext, "secret"> {
  const parents = parentsVariable(toRunRecord(run), runs.map(toRunRecord), (id) => session.tasks.get(id)?.type);
  const base = executionContext(session, runs);
  return {
    ...base,
    ...(inAfterExecution(session, run, runs) ? { execution: { ...base.execution, state: mainState(session, runs) } } : {}),
    taskrun: {
      id: run.id,
      startDate: (run.startedAt ?? run.createdAt).toISOString(),
      attemptsCount: extra.attempt,
      ...(run.value !== null ? { value: run.value } : {}),
      ...(run.iteration !== null ? { iteration: run.iteration } : {}),
      ...(run.parentTaskRunId ? { parentId: run.parentTaskRunId } : {}),
    },
    task: { id: run.taskId, type: run.taskType },
    ...(parents.length ? { parent: parents[0], parents } : {}),
    workingDir: extra.workingDir,
    outputDir: extra.outputDir,
  };
}

/** Whether a task run belongs to the flow's `afterExecution` (its outermost ancestor is one of them). */
function inAfterExecution(session: Session, run: StoredRun, runs: readonly StoredRun[]): boolean {
  const after = (session.flow as { afterExecution?: { id: string }[] }).afterExecution;
  if (!after?.length) return false;
  const top = ancestorsOf(run, new Map(runs.map((r) => [r.id, r]))).at(-1) ?? run;
  return after.some((t) => t.id === top.taskId);
}

/** The execution's state as `afterExecution` tasks see it: decided by the flow's main tasks. */
function mainState(session: Session, runs: readonly StoredRun[]): string {
  const main = new Set(session.flow.tasks.map((t) => t.id));
  return worstOf(runs.filter((r) => r.parentTaskRunId === null && main.has(r.taskId)).map((r) => r.state));
}
