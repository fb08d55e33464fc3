import {
  ancestorsOf,
  type ById,
  outputsVariable,
  parentsVariable,
  type RunRecord,
  tasksVariable,
} from "../engine/run-variables";
import { worstOf } from "../states/states";
import type { TemplateContext } from "../template/render";
import type { ExecutionSession } from "./execution-session";
import { runsById, type StoredRun, toRunRecord } from "./stored-run";
import { forEachItemAliases } from "./for-each-item-aliases";
import type { TConfig } from "../config";
import { labelsVariable } from "../flow/labels";

type Session = Pick<ExecutionSession, "execution" | "inputs" | "flow" | "tasks"> & {
  deps: { config: Pick<TConfig, "envs" | "OSPREY_GLOBALS"> };
};

// `outputs` of a list of task runs, built once per list (every leaf of one pass shares it).
const outputsOfList = new WeakMap<readonly StoredRun[], Record<string, unknown>>();

/**
 * Whether a value to render may read `outputs`: only by naming it, or through `render()` of text
 * from elsewhere. Building `outputs` is linear in the task runs, so a task that cannot read it (a
 * Log of `{{ taskrun.value }}` in a ForEach of 10,000) does not pay for it.
 */
export function mayReadOutputs(value: unknown): boolean {
  return mayRead(value, "outputs") || mayRead(value, "currentEachOutput");
}

/** Whether a value to render may read the variable `name` (by naming it, or through `render()`). */
function mayRead(value: unknown, name: string): boolean {
  if (value === undefined) return true;
  const text = typeof value === "string" ? value : JSON.stringify(value);
  return text.includes(name) || text.includes("render");
}

function outputsOf(runs: readonly StoredRun[]): Record<string, unknown> {
  let outputs = outputsOfList.get(runs);
  if (!outputs) {
    const records = runs.map(toRunRecord);
    const byId = new Map<string, RunRecord>(records.map((r) => [r.id, r]));
    outputs = forEachItemAliases(outputsVariable(records, byId), runs);
    outputsOfList.set(runs, outputs);
  }
  return outputs;
}

/**
 * Kestra's execution-wide variables: flow, execution, inputs, vars, labels, trigger, outputs of every
 * task run so far. `value`, the value about to be rendered: `outputs` is left out when it cannot
 * read it (leave it unset when unknown).
 */
export function executionContext(
  session: Session,
  runs: readonly StoredRun[],
  value?: unknown,
): Omit<TemplateContext, "secret"> {
  const { execution } = session;
  const labels = JSON.parse(execution.labels ?? "[]") as { key: string; value: string }[];
  return {
    // Kestra's open-source tenant: every flow is in `main` (its API paths carry it too).
    flow: { id: execution.flowId, namespace: execution.namespace, revision: execution.flowRevision, tenantId: "main" },
    execution: {
      id: execution.id,
      startDate: execution.createdAt.toISOString(),
      ...(execution.replayOf ? { originalId: execution.replayOf } : {}),
    },
    // Only when there are some, as Kestra's RunVariables: `{{ inputs.x }}` of a flow without inputs is "Unable to find `inputs`".
    ...(Object.keys(session.inputs).length ? { inputs: session.inputs } : {}),
    outputs: mayReadOutputs(value) ? outputsOf(runs) : {},
    ...(mayRead(value, "tasks") ? { tasks: tasksVariable(runs) } : {}),
    ...(session.flow.variables ? { vars: session.flow.variables } : {}),
    labels: labelsVariable(labels),
    envs: session.deps.config.envs,
    globals: session.deps.config.OSPREY_GLOBALS,
    ...(execution.trigger ? { trigger: JSON.parse(execution.trigger) as Record<string, unknown> } : {}),
  };
}

/**
 * Kestra's expression variables for one task run (RunVariables): the execution's, plus taskrun
 * (with its ForEach value), task, parent and parents. `value` as for executionContext.
 */
export function templateContext(
  session: Session,
  run: StoredRun,
  runs: readonly StoredRun[],
  extra: { attempt: number; workingDir: string; outputDir: string },
  value?: unknown,
): Omit<TemplateContext, "secret"> {
  const byId = runsById(runs);
  const records: ById<RunRecord> = { get: (id) => (byId.has(id) ? toRunRecord(byId.get(id)!) : undefined) };
  const base = executionContext(session, runs, value);
  // Kestra's WorkingDirectory runs its tasks in its own worker task, in its run context: they see it
  // as `workerTaskrun`, its ForEach value as their `taskrun.value`, and its parents as theirs.
  const around = ancestorsOf(run, byId).find((a) => session.tasks.get(a.taskId)?.type === WORKING_DIRECTORY);
  const parents = parentsVariable(toRunRecord(around ?? run), records);
  const worker = around ? taskrunVariable(around, around.attempt) : undefined;
  const own = taskrunVariable(run, extra.attempt);
  return {
    ...base,
    ...(inAfterExecution(session, run, runs)
      ? { execution: { ...base.execution, state: mainState(session, runs) } }
      : {}),
    taskrun: worker?.value !== undefined ? { ...own, value: worker.value } : own,
    ...(worker ? { workerTaskrun: worker } : {}),
    task: { id: run.taskId, type: run.taskType },
    ...(parents.length ? { parent: parents[0], parents } : {}),
    workingDir: extra.workingDir,
    outputDir: extra.outputDir,
  };
}

const WORKING_DIRECTORY = "io.kestra.plugin.core.flow.WorkingDirectory";

/** Kestra's `taskrun` variables of a task run (RunVariables.of(TaskRun)) in its `attempt`. */
function taskrunVariable(
  run: StoredRun,
  attempt: number,
): { id: string; startDate: string; attemptsCount: number; value?: string; iteration?: number; parentId?: string } {
  return {
    id: run.id,
    startDate: (run.startedAt ?? run.createdAt).toISOString(),
    // The attempts made before this one (0 on the first).
    attemptsCount: attempt - 1,
    ...(run.value !== null ? { value: run.value } : {}),
    ...(run.iteration !== null ? { iteration: run.iteration } : {}),
    ...(run.parentTaskRunId ? { parentId: run.parentTaskRunId } : {}),
  };
}

/** Whether a task run belongs to the flow's `afterExecution` (its outermost ancestor is one of them). */
function inAfterExecution(session: Session, run: StoredRun, runs: readonly StoredRun[]): boolean {
  const after = (session.flow as { afterExecution?: { id: string }[] }).afterExecution;
  if (!after?.length) return false;
  const top = ancestorsOf(run, runsById(runs)).at(-1) ?? run;
  return after.some((t) => t.id === top.taskId);
}

/** The execution's state as `afterExecution` tasks see it: decided by the flow's main tasks. */
function mainState(session: Session, runs: readonly StoredRun[]): string {
  const main = new Set(session.flow.tasks.map((t) => t.id));
  return worstOf(runs.filter((r) => r.parentTaskRunId === null && main.has(r.taskId)).map((r) => r.state));
}
