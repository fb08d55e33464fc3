import { outputsVariable, parentsVariable } from "../engine/run-variables";
import type { TemplateContext } from "../template/render";
import type { ExecutionSession } from "./execution-session";
import { type StoredRun, toRunRecord } from "./stored-run";

/**
 * Kestra's expression variables for one task run (RunVariables): flow, execution, inputs, vars,
 * outputs of every task run so far, taskrun (with its ForEach value), task, parent and parents.
 */
export function templateContext(
  session: Pick<ExecutionSession, "execution" | "inputs" | "flow" | "tasks">,
  run: StoredRun,
  runs: readonly StoredRun[],
  extra: { attempt: number; workingDir: string; outputDir: string },
): Omit<TemplateContext, "secret"> {
  const { execution } = session;
  const records = runs.map(toRunRecord);
  const parents = parentsVariable(toRunRecord(run), records, (id) => session.tasks.get(id)?.type);
  return {
    flow: { id: execution.flowId, namespace: execution.namespace, revision: execution.flowRevision },
    execution: { id: execution.id, startDate: execution.createdAt.toISOString() },
    inputs: session.inputs,
    outputs: outputsVariable(records),
    ...(session.flow.variables ? { vars: session.flow.variables } : {}),
    taskrun: {
      id: run.id,
      startDate: (run.startedAt ?? run.createdAt).toISOString(),
      attemptsCount: extra.attempt,
      ...(run.value !== null ? { value: run.value } : {}),
      ...(run.parentTaskRunId ? { parentId: run.parentTaskRunId } : {}),
    },
    task: { id: run.taskId, type: run.taskType },
    ...(parents.length ? { parent: parents[0], parents } : {}),
    workingDir: extra.workingDir,
    outputDir: extra.outputDir,
  };
}
