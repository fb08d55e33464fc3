import type { RunView } from "../engine/run-view";
import type { RunRecord } from "../engine/run-variables";
import type { TState } from "../engine/task-states";
import type { Db } from "../db/create-client";

/** A task run row as the executor reads it. */
export interface StoredRun {
  id: string;
  taskId: string;
  taskType: string;
  parentTaskRunId: string | null;
  value: string | null;
  iteration: number | null;
  state: string;
  error: string | null;
  attempt: number;
  outputs: string | null;
  containerId: string | null;
  /** The worker group it was handed to ("" any worker), null when its orchestrator runs it. */
  queue: string | null;
  createdAt: Date;
  startedAt: Date | null;
}

function parsedOutputs(run: StoredRun): Record<string, unknown> | null {
  return run.outputs ? (JSON.parse(run.outputs) as Record<string, unknown>) : null;
}

export function toRunView(run: StoredRun): RunView {
  return { id: run.id, taskId: run.taskId, parentTaskRunId: run.parentTaskRunId, value: run.value, iteration: run.iteration, state: run.state as TState, outputs: parsedOutputs(run) };
}

export function toRunRecord(run: StoredRun): RunRecord {
  return { id: run.id, taskId: run.taskId, parentTaskRunId: run.parentTaskRunId, value: run.value, outputs: parsedOutputs(run) };
}

/** An execution's task runs in creation order. */
export function loadRunsOf(db: Db, executionId: string): Promise<StoredRun[]> {
  return db.taskRun.findMany({ where: { executionId }, orderBy: { position: "asc" } });
}
