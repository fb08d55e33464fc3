import type { RunView } from "../engine/run-view";
import type { RunRecord } from "../engine/run-variables";
import { parseState, type TState } from "../states/states";
import type { Db } from "../db/create-client";

/** A task run row as the executor reads it. */
export interface StoredRun {
  id: string;
  taskId: string;
  taskType: string;
  parentTaskRunId: string | null;
  value: string | null;
  iteration: number | null;
  state: TState;
  error: string | null;
  attempt: number;
  outputs: string | null;
  containerId: string | null;
  /** The worker group it was handed to ("" any worker), null when its orchestrator runs it. */
  queue: string | null;
  createdAt: Date;
  startedAt: Date | null;
}

// Derived forms are kept per row object and per list: a pass of the loop and every leaf rendering in
// it share one parse of each row's outputs and one index, instead of redoing them per task run.
const views = new WeakMap<StoredRun, RunView>();
const records = new WeakMap<StoredRun, RunRecord>();
const indexes = new WeakMap<readonly StoredRun[], ReadonlyMap<string, StoredRun>>();

function parsedOutputs(run: StoredRun): Record<string, unknown> | null {
  return run.outputs ? (JSON.parse(run.outputs) as Record<string, unknown>) : null;
}

export function toRunView(run: StoredRun): RunView {
  let view = views.get(run);
  if (!view) {
    view = {
      id: run.id,
      taskId: run.taskId,
      parentTaskRunId: run.parentTaskRunId,
      value: run.value,
      iteration: run.iteration,
      state: run.state,
      outputs: toRunRecord(run).outputs,
    };
    views.set(run, view);
  }
  return view;
}

export function toRunRecord(run: StoredRun): RunRecord {
  let record = records.get(run);
  if (!record) {
    record = {
      id: run.id,
      taskId: run.taskId,
      parentTaskRunId: run.parentTaskRunId,
      value: run.value,
      outputs: parsedOutputs(run),
    };
    records.set(run, record);
  }
  return record;
}

/**
 * Says that `runs` is looked up through `byId` (a live map an orchestrator keeps, holding each
 * task run's latest row): no list of it builds a map of its own.
 */
export function shareIndex(runs: readonly StoredRun[], byId: ReadonlyMap<string, StoredRun>): void {
  indexes.set(runs, byId);
}

/** A list's task runs by id (built once per list). */
export function runsById(runs: readonly StoredRun[]): ReadonlyMap<string, StoredRun> {
  let byId = indexes.get(runs);
  if (!byId) {
    byId = new Map(runs.map((r) => [r.id, r]));
    indexes.set(runs, byId);
  }
  return byId;
}

/** An execution's task runs in creation order. */
export async function loadRunsOf(db: Db, executionId: string): Promise<StoredRun[]> {
  return (await db.taskRun.findMany({ where: { executionId }, orderBy: { position: "asc" } })).map(storedRun);
}

/** A task run row as read: its state parsed (the one boundary where a stored string becomes a state). */
export function storedRun<R extends Omit<StoredRun, "state"> & { state: string }>(row: R): R & StoredRun {
  return { ...row, state: parseState(row.state) };
}
