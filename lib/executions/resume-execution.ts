import type { Db } from "../db/create-client";
import type { LogBus } from "../logs/log-bus";
import { AppError } from "../errors/app-error";
import type { TFlowInput } from "../flow/flow-inputs";
import { resolveInputs } from "../flow/resolve-inputs";
import { parseFlow } from "../flow/parse-flow";
import { tasksById } from "../engine/decide";
import { State } from "../states/states";
import { type MoveParts, moveTaskRun } from "../task-runs/move-task-run";
import { executionSource } from "../flows/execution-source";

/**
 * Resumes a paused execution (Kestra's POST …/resume): its first PAUSED task run goes on, with
 * the Pause's `onResume` inputs checked and given as `{{ outputs.<pause>.onResume.<input> }}`.
 */
export async function resumeExecution(
  db: Db,
  executionId: string,
  given: Record<string, unknown>,
  bus?: Pick<LogBus, "publishState">,
): Promise<{ id: string; state: string }> {
  const execution = await db.execution.findUnique({
    where: { id: executionId },
    include: { taskRuns: { where: { state: State.PAUSED }, orderBy: { position: "asc" } } },
  });
  if (!execution) throw new AppError("NOT_FOUND", `execution ${executionId} not found`);
  const paused = execution.taskRuns[0];
  if (!paused) throw new AppError("CONFLICT", "The execution is not paused");
  const parsed = parseFlow(await executionSource(db, execution));
  const onResume =
    (parsed.ok ? (tasksById(parsed.flow).get(paused.taskId)?.onResume as TFlowInput[] | undefined) : undefined) ?? [];
  const inputs = onResume.length ? resolveInputs(onResume, given) : {};
  // The event wakes the Pause waiting for it, wherever it runs (a hint: it reads the store anyway now and then).
  const publish: MoveParts["publish"] = (state, taskRunId, taskId) =>
    bus?.publishState({ executionId, taskRunId, taskId, state, at: Date.now() });
  const outputs = JSON.stringify(onResume.length ? { onResume: inputs } : {});
  const moved = await moveTaskRun({ db, publish }, paused, State.RUNNING, { outputs }, { from: [State.PAUSED] });
  if (!moved) throw new AppError("CONFLICT", "The execution is not paused");
  return { id: executionId, state: State.RUNNING };
}
