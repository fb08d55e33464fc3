import type { TState } from "./task-states";

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
  /** A flowable task run was created: render its expressions (condition, values, …), store them, mark it RUNNING. */
  | { kind: "resolve"; taskRunId: string }
  /** A flowable task run whose children are all done ends so. */
  | { kind: "end-task-run"; taskRunId: string; state: TState }
  /** The execution's tasks (and error and finally handlers) are all done: it ends so. */
  | { kind: "end-execution"; state: TState };

/** The task runs of an execution, indexed for the engine's look-ups. */
export class RunIndex {
  private readonly byParent = new Map<string, RunView[]>();

  constructor(readonly runs: readonly RunView[]) {
    for (const run of runs) {
      const key = run.parentTaskRunId ?? "";
      const list = this.byParent.get(key);
      if (list) list.push(run);
      else this.byParent.set(key, [run]);
    }
  }

  /** The run of `taskId` directly under `parent` (for `value` when the parent is a ForEach, `iteration` in a WaitFor). */
  find(parent: string | null, taskId: string, value: string | null = null, iteration: number | null = null): RunView | undefined {
    return this.byParent.get(parent ?? "")?.find((r) => r.taskId === taskId && r.value === value && (r.iteration ?? null) === iteration);
  }

  childrenOf(parent: string | null): readonly RunView[] {
    return this.byParent.get(parent ?? "") ?? [];
  }
}
