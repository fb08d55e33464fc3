import type { Db } from "../db/create-client";
import { AppError } from "../errors/app-error";
import type { Executor } from "./executor";
import { isTerminal } from "./states";

/** Stops an execution: a running one is aborted (its container killed and removed), a queued one never starts. */
export async function killExecution(db: Db, executor: Executor, executionId: string): Promise<{ state: string }> {
  const execution = await db.execution.findUnique({ where: { id: executionId }, select: { state: true } });
  if (!execution) throw new AppError("NOT_FOUND", `execution ${executionId} not found`);
  if (isTerminal(execution.state)) throw new AppError("CONFLICT", `execution ${executionId} has already ended (${execution.state})`);
  const { count } = await db.execution.updateMany({
    where: { id: executionId, state: "CREATED" },
    data: { state: "KILLED", error: "killed before it started", endedAt: new Date() },
  });
  if (count === 1) return { state: "KILLED" };
  executor.kill(executionId, "killed by request");
  return { state: "KILLING" };
}
