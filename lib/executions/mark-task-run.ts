import type { Db } from "../db/create-client";
import { descendantsOf, handlerTaskIds } from "../engine/restart-plan";
import { ancestorsOf } from "../engine/run-variables";
import { AppError } from "../errors/app-error";
import { ENDED, REPLAYABLE, State, type TState, parseState } from "../states/states";
import { moveTaskRuns } from "../task-runs/move-task-run";
import { moveExecution } from "./move-execution";
import { flowOf } from "./restart-execution";
import { executionSource } from "../flows/execution-source";

/** The states a user may give a task run by hand (Kestra's UI offers these). */
export const MARKABLE = [State.SUCCESS, State.WARNING, State.FAILED] as const;
export type TMarkable = (typeof MARKABLE)[number];

/**
 * Changes an ended task run's state by hand and lets the execution go on from there (Kestra's
 * POST /executions/{id}/state, ExecutionService.markAs): the run takes the state, the flowables
 * above it are RUNNING again, error and finally handler runs are removed (they run again if the
 * new outcome asks), and the execution starts again as a restart does.
 */
export async function markTaskRunAs(
  db: Db,
  executionId: string,
  taskRunId: string,
  state: TMarkable,
  by: string,
): Promise<{ id: string; state: TState }> {
  const execution = await db.execution.findUnique({ where: { id: executionId }, include: { taskRuns: true } });
  if (!execution) throw new AppError("NOT_FOUND", `execution ${executionId} not found`);
  if (!REPLAYABLE.has(execution.state))
    throw new AppError("CONFLICT", `execution ${executionId} has not ended (${execution.state})`);
  const run = execution.taskRuns.find((r) => r.id === taskRunId);
  if (!run) throw new AppError("NOT_FOUND", `task run ${taskRunId} is not part of execution ${executionId}`);
  if (!ENDED.has(run.state)) throw new AppError("CONFLICT", `task run ${taskRunId} has not ended (${run.state})`);
  const handlers = handlerTaskIds(flowOf(await executionSource(db, execution)));
  const handlerRuns = new Set(
    execution.taskRuns.filter((r) => handlers.has(r.taskId) && r.id !== run.id).map((r) => r.id),
  );
  const byId = new Map(execution.taskRuns.map((r) => [r.id, r]));
  const reopened = ancestorsOf(run, byId).map((r) => r.id);
  const count = await moveExecution({ db }, executionId, {
    from: [parseState(execution.state)],
    to: State.CREATED,
    data: { error: null, endedAt: null, killedBy: null, startedBy: by },
  });
  if (count !== 1) throw new AppError("CONFLICT", `execution ${executionId} changed meanwhile`);
  await db.$transaction([
    db.taskRun.deleteMany({ where: { id: { in: [...descendantsOf(handlerRuns, execution.taskRuns)] } } }),
    moveTaskRuns(db, [run.id], state, { error: null, endedAt: new Date() }, ENDED.states),
    moveTaskRuns(db, reopened, State.RUNNING, { endedAt: null }, ENDED.states),
  ]);
  return { id: executionId, state: State.CREATED };
}
