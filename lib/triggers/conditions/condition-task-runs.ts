import type { Db } from "../../db/create-client";
import type { ConditionTaskRun } from "./condition-context";

/** An execution's task runs as conditions read them, in creation order. */
export async function conditionTaskRuns(db: Db, executionId: string): Promise<ConditionTaskRun[]> {
  return db.taskRun.findMany({
    where: { executionId },
    select: { taskId: true, attempt: true, state: true },
    orderBy: { position: "asc" },
  });
}
