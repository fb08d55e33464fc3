export type TaskPath = (string | number)[];
type JsonMap = Record<string, unknown>;

const isMap = (v: unknown): v is JsonMap => v !== null && typeof v === "object" && !Array.isArray(v);

/** Flow-level lists of tasks. */
export const FLOW_TASK_LISTS = ["tasks", "errors", "finally", "afterExecution"] as const;
/** Properties of a flowable task that hold child tasks (`cases` holds a list per case). */
export const CHILD_TASK_LISTS = ["tasks", "errors", "finally", "then", "else", "defaults"] as const;

/**
 * Every task of a flow document at any depth, in document order, with its path: flow-level
 * lists, the deprecated listeners' tasks, flowable children, Switch cases and Dag entries
 * (`{task, dependsOn}`). Works on unvalidated data: anything not shaped like a task is passed by.
 */
export function forEachTask(flowData: unknown, visit: (task: JsonMap, path: TaskPath) => void): void {
  if (!isMap(flowData)) return;
  const seen = new WeakSet<object>();
  const walkList = (list: unknown, path: TaskPath) => {
    if (!Array.isArray(list) || seen.has(list)) return;
    seen.add(list);
    list.forEach((item, i) => {
      // A Dag entry wraps its task: `{task: {...}, dependsOn: [...]}`.
      if (isMap(item) && !("type" in item) && isMap(item.task)) walkTask(item.task, [...path, i, "task"]);
      else walkTask(item, [...path, i]);
    });
  };
  const walkTask = (task: unknown, path: TaskPath) => {
    if (!isMap(task) || seen.has(task)) return;
    seen.add(task);
    visit(task, path);
    for (const key of CHILD_TASK_LISTS) walkList(task[key], [...path, key]);
    if (isMap(task.cases))
      for (const [name, list] of Object.entries(task.cases)) walkList(list, [...path, "cases", name]);
  };
  for (const key of FLOW_TASK_LISTS) walkList(flowData[key], [key]);
  if (Array.isArray(flowData.listeners)) {
    flowData.listeners.forEach((listener, i) => {
      if (isMap(listener)) walkList(listener.tasks, ["listeners", i, "tasks"]);
    });
  }
}
