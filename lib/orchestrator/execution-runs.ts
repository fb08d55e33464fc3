import type { Db } from "../db/create-client";
import { RunIndex } from "../engine/run-view";
import { isTerminalState } from "../states/states";
import { loadRunsOf, shareIndex, type StoredRun, storedRun, toRunView } from "../task-runs/stored-run";

/** Ids read by one query (a parameter each). */
const IDS_PER_QUERY = 500;
/** How often every open task run is read again anyway: a net for a change no one reported. */
const FULL_REFRESH_MS = 30_000;

/**
 * An execution's task runs as its orchestrator last read them, kept between the loop's passes so a
 * pass reads only what changed: the task runs it was told of (`touch`: a leaf that ended here, or
 * a worker's, a resumed pause, a flowable this loop resolved or ended), and now and then every one
 * not ended yet, as a net. An ended task run never changes while its execution runs (restart and
 * replay work on ended executions, which a new session loads afresh), and only the orchestrator
 * holding the execution's lease makes task runs, so nothing else needs reading. Each change gives a
 * new array: a snapshot handed to a leaf stays as it was.
 */
export class ExecutionRuns {
  private runs: readonly StoredRun[] = [];
  private readonly at = new Map<string, number>();
  /** Every task run's latest row, shared by every list this gives out (one map, not one per list). */
  private readonly byId = new Map<string, StoredRun>();
  private readonly open = new Set<string>();
  /** The engine's index of the same task runs, kept in step (decide() reads it). */
  index = new RunIndex();
  private readonly touched = new Set<string>();
  private fullAt = Date.now();

  constructor(
    private readonly db: Db,
    private readonly executionId: string,
  ) {}

  current(): readonly StoredRun[] {
    return this.runs;
  }

  async load(): Promise<readonly StoredRun[]> {
    this.at.clear();
    this.byId.clear();
    this.open.clear();
    this.runs = [];
    this.index = new RunIndex();
    this.added(await loadRunsOf(this.db, this.executionId));
    return this.runs;
  }

  /** A task run that may have changed: the next refresh reads it again. */
  touch(taskRunId: string): void {
    if (this.open.has(taskRunId)) this.touched.add(taskRunId);
  }

  /** Reads again the task runs touched since (or every open one, now and then); the same array when none changed. */
  async refresh(): Promise<readonly StoredRun[]> {
    const full = Date.now() - this.fullAt >= FULL_REFRESH_MS;
    const ids = [...(full ? this.open : this.touched)];
    if (full) this.fullAt = Date.now();
    this.touched.clear();
    if (ids.length === 0) return this.runs;
    const fresh: StoredRun[] = [];
    for (let at = 0; at < ids.length; at += IDS_PER_QUERY)
      fresh.push(
        ...(await this.db.taskRun.findMany({ where: { id: { in: ids.slice(at, at + IDS_PER_QUERY) } } })).map(
          storedRun,
        ),
      );
    const changed = fresh.filter((row) => !sameRow(row, this.runs[this.at.get(row.id)!]));
    if (changed.length === 0) return this.runs;
    const next = [...this.runs];
    for (const row of changed) {
      next[this.at.get(row.id)!] = row;
      this.byId.set(row.id, row);
      this.index.replace(toRunView(row));
      if (isTerminalState(row.state)) this.open.delete(row.id);
    }
    return this.publish(next);
  }

  private publish(next: readonly StoredRun[]): readonly StoredRun[] {
    shareIndex(next, this.byId);
    this.runs = next;
    return next;
  }

  /**
   * Up to `max` task runs that had not ended at the last read and pass `wanted`, in creation order
   * (the open set keeps it: rows are added in creation order). Stops once it has `max`.
   */
  openRuns(wanted: (run: StoredRun) => boolean, max = Number.POSITIVE_INFINITY): StoredRun[] {
    const out: StoredRun[] = [];
    for (const id of this.open) {
      if (out.length >= max) break;
      const run = this.runs[this.at.get(id)!];
      if (wanted(run)) out.push(run);
    }
    return out;
  }

  /** Task runs this orchestrator just made (in creation order). */
  added(rows: readonly StoredRun[]): readonly StoredRun[] {
    if (rows.length === 0) return this.runs;
    const next = [...this.runs];
    for (const row of rows) {
      this.at.set(row.id, next.length);
      next.push(row);
      this.byId.set(row.id, row);
      this.index.add(toRunView(row));
      if (!isTerminalState(row.state)) this.open.add(row.id);
    }
    return this.publish(next);
  }
}

function sameRow(a: StoredRun, b: StoredRun | undefined): boolean {
  if (!b) return false;
  return (
    a.state === b.state &&
    a.attempt === b.attempt &&
    a.outputs === b.outputs &&
    a.error === b.error &&
    a.containerId === b.containerId &&
    a.queue === b.queue &&
    a.startedAt?.getTime() === b.startedAt?.getTime()
  );
}
