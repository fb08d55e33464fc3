import type { TTask } from "../flow/flow-schema";
import { CHILD_TASK_LISTS, FLOW_TASK_LISTS } from "../flow/task-tree";

/** How a task's list runs: do the tasks after it follow it, do later runs of it (loop iterations) follow it? */
interface Place {
  later: string[];
  siblingsFollow: boolean;
  /** Its container is a loop: its runs there carry the iteration's value. */
  loop: boolean;
  /** It has tasks of its own (a flowable). */
  flowable: boolean;
  iterationsFollow: boolean;
}

/** Where each task of a flow sits, for replay (Kestra's GraphUtils.successors over the flow's graph). */
export type TaskLayout = ReadonlyMap<string, Place>;

type AnyTask = TTask & Record<string, unknown>;

/**
 * Each task's place: the tasks after it in its list, and whether its container runs that list in
 * order (Sequential, an If/Switch branch, a sequential loop, the flow) or side by side (Parallel,
 * EachParallel, Dag), and whether the container's iterations run one after another.
 */
export function taskLayout(flow: Record<string, unknown>): TaskLayout {
  const out = new Map<string, Place>();
  const walk = (list: unknown, siblingsFollow: boolean, loop: boolean, iterationsFollow: boolean) => {
    if (!Array.isArray(list)) return;
    const tasks = list.map((item) => ((item as { task?: AnyTask }).task ?? item) as AnyTask);
    tasks.forEach((task, i) => {
      if (!task || typeof task.id !== "string") return;
      const later = tasks.slice(i + 1).map((t) => String(t?.id));
      const flowable = CHILD_TASK_LISTS.some((key) => Array.isArray(task[key])) || task.cases !== undefined;
      out.set(task.id, { later, siblingsFollow, loop, iterationsFollow, flowable });
      for (const key of CHILD_TASK_LISTS) {
        const order = key === "tasks" ? orderOf(task) : { siblings: true, loop: false, iterations: false };
        walk(task[key], order.siblings, order.loop, order.iterations);
      }
      if (task.cases && typeof task.cases === "object")
        for (const branch of Object.values(task.cases as Record<string, unknown>)) walk(branch, true, false, false);
    });
  };
  for (const key of FLOW_TASK_LISTS) walk(flow[key], true, false, false);
  return out;
}

/** How a flowable runs its `tasks`: one after another or side by side, and its iterations likewise. */
function orderOf(task: AnyTask): { siblings: boolean; loop: boolean; iterations: boolean } {
  const kind = task.type.slice(task.type.lastIndexOf(".") + 1);
  switch (kind) {
    case "Parallel":
    case "Dag":
      return { siblings: false, loop: false, iterations: false };
    case "EachParallel":
      return { siblings: false, loop: true, iterations: false };
    case "EachSequential":
      return { siblings: true, loop: true, iterations: true };
    case "LoopUntil":
    case "WaitFor":
      return { siblings: true, loop: false, iterations: true };
    case "ForEach": {
      // Kestra's ForEach: iterations one at a time unless concurrencyLimit says otherwise (0: all at once).
      const limit = task.concurrencyLimit === undefined ? 1 : Number(task.concurrencyLimit);
      return { siblings: true, loop: true, iterations: limit === 1 };
    }
    default:
      return { siblings: true, loop: false, iterations: false };
  }
}

interface LayoutRun {
  id: string;
  taskId: string;
  parentTaskRunId: string | null;
  value: string | null;
  position: number;
}

/**
 * The task runs that follow `from` in the flow's graph (Kestra's ExecutionService.replay drops these):
 * at each level from `from` up to the flow, the runs of the tasks after it in an ordered list (in the
 * same parent run), and the later iterations of a loop that runs them one at a time. Branches of a
 * Parallel and other values of a parallel loop do not follow it. Their descendants are the caller's.
 */
export function followingRuns(runs: readonly LayoutRun[], layout: TaskLayout, from: LayoutRun): string[] {
  const byId = new Map(runs.map((r) => [r.id, r]));
  const out: string[] = [];
  for (let at: LayoutRun | undefined = from; at; at = at.parentTaskRunId ? byId.get(at.parentTaskRunId) : undefined) {
    const place = layout.get(at.taskId);
    if (!place) continue;
    const here = at;
    const sameParent = runs.filter((r) => r.parentTaskRunId === here.parentTaskRunId && r.id !== here.id);
    for (const r of sameParent) {
      const laterIteration = place.iterationsFollow && r.position > here.position;
      const sameIteration = !place.loop || r.value === here.value;
      if (
        r.taskId === here.taskId
          ? laterIteration
          : place.later.includes(r.taskId) && ((place.siblingsFollow && sameIteration) || laterIteration)
      )
        out.push(r.id);
    }
  }
  return out;
}
