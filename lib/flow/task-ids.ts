import { forEachTask, type TaskPath } from "./task-tree";

export interface IdProblem {
  message: string;
  path: TaskPath;
}

/**
 * Task ids are unique across the whole flow, at any depth (tasks, errors, finally,
 * afterExecution, children of flowables): the second use is refused, naming the first.
 */
export function duplicateTaskIds(flowData: unknown, formatPath: (path: TaskPath) => string): IdProblem[] {
  const seen = new Map<string, TaskPath>();
  const problems: IdProblem[] = [];
  forEachTask(flowData, (task, path) => {
    if (typeof task.id !== "string") return;
    const first = seen.get(task.id);
    if (first === undefined) {
      seen.set(task.id, path);
      return;
    }
    problems.push({
      message: `duplicate task id "${task.id}": task ids must be unique in a flow (first used by ${formatPath(first)})`,
      path: [...path, "id"],
    });
  });
  return problems;
}

/** Dag entries may depend only on tasks of the same Dag, and not in a circle. */
export function dagProblems(flowData: unknown): IdProblem[] {
  const problems: IdProblem[] = [];
  forEachTask(flowData, (task, path) => {
    if (task.type !== "io.kestra.plugin.core.flow.Dag" || !Array.isArray(task.tasks)) return;
    const entries = task.tasks as { task?: { id?: unknown }; dependsOn?: unknown }[];
    const deps = new Map<string, string[]>();
    entries.forEach((e) => {
      if (typeof e?.task?.id === "string")
        deps.set(
          e.task.id,
          Array.isArray(e.dependsOn) ? e.dependsOn.filter((d): d is string => typeof d === "string") : [],
        );
    });
    entries.forEach((e, i) => {
      const id = e?.task?.id;
      if (typeof id !== "string") return;
      const unknown = (deps.get(id) ?? []).filter((d) => !deps.has(d));
      if (unknown.length > 0) {
        problems.push({
          message: `task "${id}" depends on ${unknown.map((d) => `"${d}"`).join(", ")}, which ${unknown.length > 1 ? "are" : "is"} not a task of this Dag`,
          path: [...path, "tasks", i, "dependsOn"],
        });
      }
    });
    const cycle = findCycle(deps);
    if (cycle)
      problems.push({
        message: `the Dag's dependencies go in a circle: ${cycle.join(" → ")}`,
        path: [...path, "tasks"],
      });
  });
  return problems;
}

function findCycle(deps: Map<string, string[]>): string[] | undefined {
  const state = new Map<string, "visiting" | "done">();
  const stack: string[] = [];
  const visit = (id: string): string[] | undefined => {
    if (state.get(id) === "done") return undefined;
    if (state.get(id) === "visiting") return [...stack.slice(stack.indexOf(id)), id];
    state.set(id, "visiting");
    stack.push(id);
    for (const d of deps.get(id) ?? []) {
      if (!deps.has(d)) continue;
      const found = visit(d);
      if (found) return found;
    }
    stack.pop();
    state.set(id, "done");
    return undefined;
  };
  for (const id of deps.keys()) {
    const found = visit(id);
    if (found) return found;
  }
  return undefined;
}
