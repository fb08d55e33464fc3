import type { TaskPath } from "@/lib/flow/task-tree";
import { flowableKind } from "../topology/graph-model";

/** A list a new task can go into. */
export interface AddTarget {
  label: string;
  listPath: TaskPath;
  /** A Dag's list holds `{task, dependsOn}` entries. */
  dagEntry?: boolean;
}

export const END_OF_FLOW: AddTarget = { label: "the end of the flow", listPath: ["tasks"] };

/**
 * Where a task can be added when `task` is selected: inside it when it is a flowable (its `tasks`;
 * an If's `then`/`else`; a Switch's cases and `defaults`), else at the end of the flow.
 */
export function addTargets(
  task: { id: string; type: string; path: TaskPath; value: Record<string, unknown> } | undefined,
): AddTarget[] {
  if (!task) return [END_OF_FLOW];
  const v = task.value;
  const inside = (key: string | string[], name = Array.isArray(key) ? key.join(".") : key): AddTarget => ({
    label: `${task.id} › ${name}`,
    listPath: [...task.path, ...(Array.isArray(key) ? key : [key])],
  });
  const kind = flowableKind(task.type);
  const targets: AddTarget[] = [];
  if (kind === "If") targets.push(inside("then"), inside("else"));
  else if (kind === "Switch") {
    const cases = v.cases && typeof v.cases === "object" ? Object.keys(v.cases) : [];
    for (const name of cases) targets.push(inside(["cases", name], `case ${name}`));
    targets.push(inside("defaults"));
  } else if (kind === "Dag") targets.push({ ...inside("tasks"), dagEntry: true });
  else if (Array.isArray(v.tasks)) targets.push(inside("tasks"));
  return [...targets, END_OF_FLOW];
}
