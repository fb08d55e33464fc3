import type { TFlow, TTask } from "../flow/flow-schema";
import { forEachTask } from "../flow/task-tree";
import { flowableOf } from "./flowables";
import { type Decision, RunIndex, type RunView } from "./run-view";
import { type Place, sequence, withHandlers } from "./sequence";
import { State, isTerminalState, type TState } from "../states/states";

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
export function decide(
  flow: Pick<TFlow, "tasks"> & { errors?: TTask[]; finally?: TTask[]; afterExecution?: TTask[] },
  runs: readonly RunView[],
  stopping = false,
  /** The same runs already indexed (an orchestrator keeps one across passes). */
  index: RunIndex = new RunIndex(runs),
  /** Most children one flowable runs at once when it sets no limit ("all at once": OSPREY_MAX_PARALLEL_TASKS). */
  atOnce = Number.POSITIVE_INFINITY,
): Decision[] {
  const tasks = tasksById(flow);
  const step = (run: RunView): Decision[] => {
    const task = tasks.get(run.taskId);
    const flowable = flowableOf(task);
    if (!task || !flowable) return []; // a leaf: a worker runs it
    if (run.state === State.CREATED) return [{ kind: "resolve", taskRunId: run.id }];
    const progress = flowable(withAtMost(task, atOnce), run, index, step);
    return progress.state === null
      ? progress.decisions
      : [{ kind: "end-task-run", taskRunId: run.id, state: allowedState(task, progress.state) }];
  };
  const root: Place = { parent: null, value: null };
  const progress = withHandlers(
    sequence(flow.tasks, root, index, step),
    { errors: flow.errors, finally: flow.finally },
    root,
    index,
    step,
  );
  if (progress.state !== null) {
    // afterExecution runs once the state is known, one task after another, and does not change it.
    if (!stopping && flow.afterExecution?.length) {
      const after = sequence(flow.afterExecution, root, index, step);
      if (after.state === null) return after.decisions;
    }
    return [{ kind: "end-execution", state: stopping ? State.KILLED : progress.state }];
  }
  if (!stopping) return progress.decisions;
  // Stopping: running flowables may still end (their children were killed), nothing is created.
  const ends = progress.decisions.filter((d) => d.kind === "end-task-run");
  // Only leaves still going hold the end back: a flowable starts nothing more while stopping.
  const anyActive = runs.some((r) => !isTerminalState(r.state) && !flowableOf(tasks.get(r.taskId)));
  return anyActive ? ends : [{ kind: "end-execution", state: State.KILLED }];
}

/** The limit property of each flowable that runs children side by side; 0 (or none) means all at once. */
const LIMITS: Record<string, { key: string; unset: "all" | "one" }> = {
  "io.kestra.plugin.core.flow.ForEach": { key: "concurrencyLimit", unset: "one" },
  "io.kestra.plugin.core.flow.Parallel": { key: "concurrent", unset: "all" },
  "io.kestra.plugin.core.flow.EachParallel": { key: "concurrent", unset: "all" },
  "io.kestra.plugin.core.flow.Dag": { key: "concurrent", unset: "all" },
};

/** A flowable whose "all at once" is bounded by `atOnce`: nothing past it is even made before a place frees. */
function withAtMost(task: TTask, atOnce: number): TTask {
  const limit = LIMITS[task.type];
  if (!limit || !Number.isFinite(atOnce)) return task;
  const given = task[limit.key];
  const all = given === undefined ? limit.unset === "all" : Number(given) === 0;
  return all ? { ...task, [limit.key]: atOnce } : task;
}

const yes = (v: unknown) => v === true || v === "true";

/**
 * A flowable's own `allowFailure` and `allowWarning`, as a leaf's (Kestra's AbstractTask): a failed
 * group ends WARNING and the flow goes on (SUCCESS with allowWarning too); a group that warned ends
 * SUCCESS with allowWarning. A kill stays a kill.
 */
function allowedState(task: TTask, state: TState): TState {
  if (state === State.FAILED && yes(task.allowFailure)) return yes(task.allowWarning) ? State.SUCCESS : State.WARNING;
  if (state === State.WARNING && yes(task.allowWarning)) return State.SUCCESS;
  return state;
}
