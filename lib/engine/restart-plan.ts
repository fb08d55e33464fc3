import type { TTask } from "../flow/flow-schema";
import { forEachTask } from "../flow/task-tree";
import { ancestorsOf } from "./run-variables";
import { followingRuns, type TaskLayout } from "./replay-successors";
import { FAILURES, State } from "../states/states";

/** What a restart or replay does to each stored task run. */
export interface RunPlan {
  /** Runs again from the start (a leaf, or a flowable whose own expression failed). */
  again: string[];
  /** Ancestors of those: they go on (RUNNING), their finished children kept. */
  resume: string[];
  /** Removed: error and finally handlers (they run again if the new outcome asks), and what came after a replayed run. */
  remove: string[];
}

interface PlanRun {
  id: string;
  taskId: string;
  parentTaskRunId: string | null;
  value: string | null;
  state: string;
  position: number;
}

/** Ids of every task inside an `errors`, `finally` or `afterExecution` block, at any depth (their children too). */
export function handlerTaskIds(flow: { errors?: TTask[]; finally?: TTask[]; tasks: TTask[] }): Set<string> {
  const out = new Set<string>();
  forEachTask(flow, (task, path) => {
    if (path.some((key) => key === "errors" || key === "finally" || key === "afterExecution")) out.add(String(task.id));
  });
  return out;
}

/** `ids` and every run below them. */
export function descendantsOf(
  ids: Set<string>,
  runs: readonly { id: string; parentTaskRunId: string | null }[],
): Set<string> {
  const out = new Set(ids);
  for (let grew = true; grew; ) {
    grew = false;
    for (const r of runs)
      if (r.parentTaskRunId && out.has(r.parentTaskRunId) && !out.has(r.id)) grew = out.add(r.id) !== undefined;
  }
  return out;
}

function ancestorIds(id: string, runs: readonly PlanRun[]): string[] {
  const byId = new Map(runs.map((r) => [r.id, r]));
  const run = byId.get(id);
  return run ? ancestorsOf(run, byId).map((r) => r.id) : [];
}

/**
 * Restart (Kestra's POST /executions/{id}/restart, on the same execution): every failed or killed
 * task run with no failed child runs again, its ancestors go on, handler runs are removed.
 * Returns null when nothing failed.
 */
export function planRestart(runs: readonly PlanRun[], handlers: ReadonlySet<string>): RunPlan | null {
  const removed = descendantsOf(new Set(runs.filter((r) => handlers.has(r.taskId)).map((r) => r.id)), runs);
  const kept = runs.filter((r) => !removed.has(r.id));
  const broken = kept.filter((r) => FAILURES.has(r.state) || r.state === State.PAUSED);
  const brokenParents = new Set(broken.map((r) => r.parentTaskRunId).filter(Boolean));
  const again = broken.filter((r) => !brokenParents.has(r.id)).map((r) => r.id);
  if (again.length === 0) return null;
  const resume = [...new Set(again.flatMap((id) => ancestorIds(id, kept)))];
  return { again, resume, remove: [...removed] };
}

/**
 * Replay from one task run (a new execution; Kestra's ExecutionService.replay): that run again, its
 * ancestors go on, the runs that follow it in the flow's graph are dropped with its children and the
 * handler runs; other Parallel branches and other values of a parallel loop are kept as they ended.
 */
export function planReplay(
  runs: readonly PlanRun[],
  handlers: ReadonlySet<string>,
  fromId: string,
  layout: TaskLayout,
): RunPlan | null {
  const from = runs.find((r) => r.id === fromId);
  if (!from) return null;
  const ancestors = ancestorIds(fromId, runs);
  const later = followingRuns(runs, layout, from).filter((id) => !ancestors.includes(id));
  const handlerRuns = runs.filter((r) => handlers.has(r.taskId)).map((r) => r.id);
  const children = [...descendantsOf(new Set([fromId]), runs)].filter((id) => id !== fromId);
  const remove = descendantsOf(new Set([...later, ...handlerRuns, ...children]), runs);
  remove.delete(fromId);
  // A flowable goes on (RUNNING, its choices kept) and makes its children anew, as Kestra's replay.
  const flowable = layout.get(from.taskId)?.flowable === true;
  return {
    again: flowable ? [] : [fromId],
    resume: [...(flowable ? [fromId] : []), ...ancestors.filter((id) => !remove.has(id))],
    remove: runs.filter((r) => remove.has(r.id)).map((r) => r.id),
  };
}
