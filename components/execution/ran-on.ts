import type { TaskRunView } from "./execution-types";

/** Which worker ran a task run handed to the workers, and its group: null when its server ran it. */
export function ranOn(run: Pick<TaskRunView, "queue" | "workerId">): string | null {
  if (run.queue === null || run.queue === undefined || !run.workerId) return null;
  return run.queue === "" ? `on worker ${run.workerId}` : `on worker ${run.workerId} (group ${run.queue})`;
}
