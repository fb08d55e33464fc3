import { isMap, isSeq, parseDocument } from "yaml";
import { AppError } from "../errors/app-error";

/**
 * What a playground run leaves out of the flow besides the tasks after the one asked for: what
 * would only run or mean something after the whole flow (finally, afterExecution, the flow's
 * outputs, which name later tasks), what starts runs by itself (triggers), and the concurrency
 * limit (a playground run is never counted against it).
 */
const DROPPED_KEYS = ["finally", "afterExecution", "outputs", "triggers", "concurrency", "listeners"] as const;

export interface CutFlow {
  /** The flow's YAML with its top-level tasks up to the asked one, and without DROPPED_KEYS. */
  source: string;
  /** The ids of the top-level tasks kept, in order: the asked one last. */
  taskIds: string[];
}

/**
 * The flow as the playground runs it: the engine is given a flow that ends with the task asked for,
 * so its plan stops after it (Kestra's playground puts breakpoints on the tasks after it instead).
 * Only top-level tasks can be asked for: a task inside a flowable runs with its flowable. The text
 * is edited as a YAML document, so what is kept stays as written (comments, quoting).
 */
export function cutFlow(source: string, taskId: string): CutFlow {
  const doc = parseDocument(source, { uniqueKeys: true });
  if (doc.errors.length > 0) throw new AppError("INVALID_FLOW", `the flow is not valid YAML: ${doc.errors[0].message}`);
  const tasks = isMap(doc.contents) ? doc.contents.get("tasks", true) : undefined;
  if (!isSeq(tasks)) throw new AppError("INVALID_FLOW", "the flow has no list of tasks");
  const ids = tasks.items.map((item) => (isMap(item) ? String(item.get("id") ?? "") : ""));
  const at = ids.indexOf(taskId);
  if (at < 0)
    throw new AppError(
      "BAD_REQUEST",
      `task ${taskId} is not one of the flow's top-level tasks (${ids.filter(Boolean).join(", ")}): the playground runs a top-level task, a flowable with all it holds`,
    );
  tasks.items.splice(at + 1);
  for (const key of DROPPED_KEYS) doc.delete(key);
  return { source: doc.toString(), taskIds: ids.slice(0, at + 1) };
}
