import type { TState } from "../states/states";

/** A task run as the engine sees it: where it sits in the tree, and how far it got. */
export interface RunView {
  id: string;
  taskId: string;
  /** The flowable task run it runs under; null at the flow's top level. */
  parentTaskRunId: string | null;
  /** The ForEach value it runs for: set on a ForEach's direct children only, as in Kestra. */
  value: string | null;
  /** The round of a WaitFor loop it runs in (its direct children only); null elsewhere. */
  iteration?: number | null;
  state: TState;
  /** A flowable stores what its expressions resolved to here (If: condition, ForEach: values, …). */
  outputs: Record<string, unknown> | null;
}

/** What the engine decides; the loop applies these and runs the leaf task runs. */
export type Decision =
  /** A task run to make (CREATED). A leaf is then claimed and run; a flowable is resolved. */
  | { kind: "create"; taskId: string; parentTaskRunId: string | null; value: string | null; iteration?: number | null }
  /** A WaitFor's round ended well: check its condition (after its interval) and start the next round or end it. */
  | { kind: "check-loop"; taskRunId: string }
  /** A Pause with tasks waits PAUSED: wait for its resume (or its pauseDuration), beside the loop. */
  | { kind: "await-resume"; taskRunId: string }
  /** A flowable task run was created: render its expressions (condition, values, …), store them, mark it RUNNING. */
  | { kind: "resolve"; taskRunId: string }
  /** A flowable task run whose children are all done ends so. */
  | { kind: "end-task-run"; taskRunId: string; state: TState }
  /** The execution's tasks (and error and finally handlers) are all done: it ends so. */
  | { kind: "end-execution"; state: TState };

/** What a ForEach knows of its first values that have all ended (see forEach in flowables.ts). */
export interface SettledPrefix {
  values: readonly string[];
  /** values[0..count) have ended, in `worst` at worst; `failed` once one of them failed. */
  count: number;
  worst: TState;
  failed: boolean;
}

/**
 * The task runs of an execution, indexed for the engine's look-ups. An orchestrator keeps one
 * across passes and tells it what changed (`add`, `replace`), so a pass costs what changed, not
 * every task run again; anyone else builds one from a list.
 */
export class RunIndex {
  private readonly list: RunView[] = [];
  private readonly position = new Map<string, number>();
  private readonly byParent = new Map<string, RunView[]>();
  private readonly slotUnderParent = new Map<string, number>();
  // Each look-up in one step, so a decision stays linear in the task runs (a ForEach of 10,000 values).
  private readonly byPlace = new Map<string, RunView>();
  private readonly valuesUnder = new Map<string, Set<string | null>>();
  /** Per ForEach task run: its values that have all ended (they never change again while it runs). */
  readonly settled = new Map<string, SettledPrefix>();

  constructor(runs: readonly RunView[] = []) {
    for (const run of runs) this.add(run);
  }

  get runs(): readonly RunView[] {
    return this.list;
  }

  add(run: RunView): void {
    this.position.set(run.id, this.list.length);
    this.list.push(run);
    const key = run.parentTaskRunId ?? "";
    const siblings = this.byParent.get(key);
    this.slotUnderParent.set(run.id, siblings?.length ?? 0);
    if (siblings) siblings.push(run);
    else this.byParent.set(key, [run]);
    const place = placeKey(run.parentTaskRunId, run.taskId, run.value, run.iteration ?? null);
    // The first made wins, as a scan in creation order would find it.
    if (!this.byPlace.has(place)) this.byPlace.set(place, run);
    const values = this.valuesUnder.get(key);
    if (values) values.add(run.value);
    else this.valuesUnder.set(key, new Set([run.value]));
  }

  /** A task run that moved on (same id, same place in the tree). */
  replace(next: RunView): void {
    const at = this.position.get(next.id);
    if (at === undefined) return this.add(next);
    const prev = this.list[at];
    this.list[at] = next;
    this.byParent.get(prev.parentTaskRunId ?? "")![this.slotUnderParent.get(next.id)!] = next;
    const place = placeKey(next.parentTaskRunId, next.taskId, next.value, next.iteration ?? null);
    if (this.byPlace.get(place) === prev) this.byPlace.set(place, next);
  }

  /** The run of `taskId` directly under `parent` (for `value` when the parent is a ForEach, `iteration` in a WaitFor). */
  find(
    parent: string | null,
    taskId: string,
    value: string | null = null,
    iteration: number | null = null,
  ): RunView | undefined {
    return this.byPlace.get(placeKey(parent, taskId, value, iteration));
  }

  /** Whether any task run under `parent` runs for `value` (a ForEach iteration that started). */
  hasValueUnder(parent: string, value: string): boolean {
    return this.valuesUnder.get(parent)?.has(value) ?? false;
  }

  childrenOf(parent: string | null): readonly RunView[] {
    return this.byParent.get(parent ?? "") ?? [];
  }
}

// NUL separates the parts and SOH stands for null: neither appears in ids, and a value holding them
// could at worst be mistaken for another value of the same task under the same parent.
function placeKey(parent: string | null, taskId: string, value: string | null, iteration: number | null): string {
  return `${parent ?? "\u0001"}\u0000${taskId}\u0000${value ?? "\u0001"}\u0000${iteration ?? "\u0001"}`;
}
