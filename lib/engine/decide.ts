import type { TFlow, TTask } from "../flow/flow-schema";
import { forEachTask } from "../flow/task-tree";
import { flowableOf } from "./flowables";
import { type Decision, RunIndex, type RunView } from "./run-view";
import { type Place, sequence, withHandlers } from "./sequence";
import { isTerminalState } from "./task-states";

/** Every task of a flow by id, at any depth (Kestra requires ids to be unique across the flow). */
export function tasksById(flow: Pick<TFlow, "tasks"> & { errors?: TTask[]; finally?: TTask[] }): Map<string, TTask> {
  const out = new Map<string, TTask>();
  forEachTask(flow, (task) => out.set(String(task.id), task as TTask));
  return out;
}

/**
 * The engine's one decision, as a pure function of the flow and the execution's stored task runs
 * (STYLE habit 15): which task runs to make, which flowables to resolve or end, and whether the
 * execution has ended. `stopping` (a kill under way): nothing new starts; it ends once nothing runs.
 */
export function decide(flow: Pick<TFlow, "tasks"> & { errors?: TTask[]; finally?: TTask[]; afterExecution?: TTask[] }, runs: readonly RunView[], stopping = false): Decision[] {
  const index = new RunIndex(runs);
  const tasks = tasksById(flow);
  const step = (run: RunView): Decision[] => {
    const task = tasks.get(run.taskId);
    const flowable = task ? flowableOf(task.type) : undefined;
    if (!task || !flowable) return []; // a leaf: a worker runs it
    if (run.state === "CREATED") return [{ kind: "resolve", taskRunId: run.id }];
    const progress = flowable(task, run, index, step);
    return progress.state === null ? progress.decisions : [{ kind: "end-task-run", taskRunId: run.id, state: progress.state }];
  };
  const root: Place = { parent: null, value: null };
  const progress = withHandlers(sequence(flow.tasks, root, index, step), { errors: flow.errors, finally: flow.finally }, root, index, step);
  if (progress.state !== null) {
    // afterExecution runs once the state is known, one task after another, and does not change it.
    if (!stopping && flow.afterExecution?.length) {
      const after = sequence(flow.afterExecution, root, index, step);
      if (after.state === null) return after.decisions;
    }
    return [{ kind: "end-execution", state: stopping ? "KILLED" : progress.state }];
  }
  if (!stopping) return progress.decisions;
  // Stopping: running flowables may still end (their children were killed), nothing is created.
  const ends = progress.decisions.filter((d) => d.kind === "end-task-run");
  const anyActive = runs.some((r) => !isTerminalState(r.state));
  return anyActive ? ends : [{ kind: "end-execution", state: "KILLED" }];
}
