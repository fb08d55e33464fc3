import { randomUUID } from "node:crypto";
import type { Db } from "../db/create-client";
import { handlerTaskIds, planReplay, planRestart, type RunPlan } from "../engine/restart-plan";
import { taskLayout } from "../engine/replay-successors";
import { AppError } from "../errors/app-error";
import { parseFlow } from "../flow/parse-flow";
import type { TRunnableFlow } from "../task-runs/execution-session";
import { ENDED, parseState, REPLAYABLE, RESTARTABLE, State } from "../states/states";
import { moveTaskRuns } from "../task-runs/move-task-run";
import { moveExecution } from "./move-execution";
import { getRevision } from "../flows/flow-revisions";
import { executionSource, type SourceRef } from "../flows/execution-source";
import { fileUriMover } from "../storage/storage-keys";

/** The execution's flow as it ran; a revision that no longer parses is a CONFLICT naming why. */
export function flowOf(source: string): TRunnableFlow {
  const parsed = parseFlow(source);
  if (!parsed.ok)
    throw new AppError("CONFLICT", `the execution's flow revision is no longer valid: ${parsed.problems[0]?.message}`);
  return parsed.flow as TRunnableFlow;
}

/** A run that goes again starts over: a leaf runs from scratch, a flowable resolves again. */
const AGAIN = {
  state: State.CREATED,
  error: null,
  exitCode: null,
  containerId: null,
  startedAt: null,
  endedAt: null,
} as const;

/**
 * A run that goes again, as a new attempt of the same task run: one that had started keeps its
 * attempts (Kestra appends one), so `{{ taskrun.attemptsCount }}` counts on across the restart.
 */
function again(run: { attempt: number; startedAt: Date | null }) {
  return { ...AGAIN, attempt: run.startedAt === null ? run.attempt : run.attempt + 1 };
}

/**
 * Restarts a FAILED or KILLED execution from where it failed (Kestra's POST …/restart): the same
 * execution goes on, its successful task runs and their outputs kept, the failed ones run again.
 */
export async function restartExecution(
  db: Db,
  executionId: string,
  by: string,
  revision?: number,
): Promise<{ id: string; state: string }> {
  const execution = await db.execution.findUnique({ where: { id: executionId }, include: { taskRuns: true } });
  if (!execution) throw new AppError("NOT_FOUND", `execution ${executionId} not found`);
  if (!RESTARTABLE.has(execution.state))
    throw new AppError(
      "CONFLICT",
      `only a FAILED or KILLED execution can be restarted; this one is ${execution.state}`,
    );
  const onto = await revisionOf(db, execution, revision);
  const flow = flowOf(await executionSource(db, { ...execution, ...onto }));
  const plan = planRestart(execution.taskRuns, handlerTaskIds(flow));
  if (!plan) throw new AppError("CONFLICT", "No task found to restart execution from!");
  // Only if it is still as we read it: two restarts at once make one.
  const count = await moveExecution({ db }, executionId, {
    from: [parseState(execution.state)],
    to: State.CREATED,
    data: { error: null, endedAt: null, killedBy: null, startedBy: by, ...onto },
  });
  if (count !== 1) throw new AppError("CONFLICT", `execution ${executionId} changed while restarting it`);
  await applyPlan(db, plan, execution.taskRuns);
  return { id: executionId, state: State.CREATED };
}

/**
 * Replays an execution as a new one (Kestra's POST …/replay?taskRunId=): the task runs made before
 * the chosen one are copied with their outputs and files, the chosen one runs again, and the flow
 * goes on from there. Without a task run: the whole flow again with the same inputs.
 */
export async function replayExecution(
  db: Db,
  executionId: string,
  taskRunId: string | undefined,
  by: string,
  revision?: number,
  /** From when it may start (a retry's next attempt); at once when absent. */
  scheduledFor?: Date,
): Promise<{ id: string; state: string }> {
  const execution = await db.execution.findUnique({
    where: { id: executionId },
    include: { taskRuns: true, files: true },
  });
  if (!execution) throw new AppError("NOT_FOUND", `execution ${executionId} not found`);
  if (!REPLAYABLE.has(execution.state))
    throw new AppError("CONFLICT", `execution ${executionId} has not ended (${execution.state})`);
  const onto = await revisionOf(db, execution, revision);
  const flow = flowOf(await executionSource(db, { ...execution, ...onto }));
  const plan: RunPlan = taskRunId
    ? (planReplay(execution.taskRuns, handlerTaskIds(flow), taskRunId, taskLayout(flow)) ??
      (() => {
        throw new AppError("NOT_FOUND", `task run ${taskRunId} is not part of execution ${executionId}`);
      })())
    : { again: [], resume: [], remove: execution.taskRuns.map((r) => r.id) };
  const id = randomUUID();
  const newIds = new Map(execution.taskRuns.map((r) => [r.id, randomUUID()]));
  const kept = execution.taskRuns.filter((r) => !plan.remove.includes(r.id));
  // Output file URIs name their execution and task run: point the copies at the new ones.
  const moveUris = fileUriMover(executionId, id, kept, newIds);
  await db.$transaction([
    db.execution.create({
      data: {
        id,
        namespace: execution.namespace,
        flowId: execution.flowId,
        flowRevision: onto.flowRevision,
        source: onto.source,
        inputs: execution.inputs,
        state: State.CREATED,
        startedBy: by,
        replayOf: executionId,
        scheduledFor: scheduledFor ?? null,
      },
    }),
    ...kept.map((r) =>
      db.taskRun.create({
        data: {
          ...r,
          id: newIds.get(r.id)!,
          executionId: id,
          parentTaskRunId: r.parentTaskRunId ? (newIds.get(r.parentTaskRunId) ?? null) : null,
          outputs: plan.again.includes(r.id) ? null : moveUris(r.outputs),
          properties: moveUris(r.properties),
          ...(plan.again.includes(r.id)
            ? again(r)
            : plan.resume.includes(r.id)
              ? { state: State.RUNNING, endedAt: null }
              : {}),
        },
      }),
    ),
    ...execution.files
      .filter((f) => kept.some((r) => r.id === f.taskRunId) && !plan.again.includes(f.taskRunId))
      .map((f) =>
        db.outputFile.create({
          data: { ...f, id: randomUUID(), executionId: id, taskRunId: newIds.get(f.taskRunId)! },
        }),
      ),
  ]);
  return { id, state: State.CREATED };
}

/**
 * The flow revision a restart or replay runs (Kestra's `revision` parameter): the execution's own
 * (with its own copy of the source, if it has one), or another saved revision of its flow (source
 * null: that revision's, read through lib/flows/execution-source.ts).
 */
async function revisionOf(
  db: Db,
  execution: SourceRef,
  revision: number | undefined,
): Promise<{ flowRevision: number; source: string | null }> {
  if (revision === undefined || revision === execution.flowRevision)
    return { flowRevision: execution.flowRevision, source: execution.source };
  const row = await getRevision(db, execution.namespace, execution.flowId, revision);
  return { flowRevision: row.revision, source: null };
}

async function applyPlan(
  db: Db,
  plan: RunPlan,
  runs: readonly { id: string; attempt: number; startedAt: Date | null }[],
): Promise<void> {
  const started = runs.filter((r) => plan.again.includes(r.id) && r.startedAt !== null).map((r) => r.id);
  await db.$transaction([
    db.taskRun.deleteMany({ where: { id: { in: plan.remove } } }),
    moveTaskRuns(db, plan.again, State.CREATED, { ...AGAIN, outputs: null }, ENDED.states),
    db.taskRun.updateMany({ where: { id: { in: started } }, data: { attempt: { increment: 1 } } }),
    moveTaskRuns(db, plan.resume, State.RUNNING, { endedAt: null }, ENDED.states),
  ]);
}
