import { isFailedState, isTerminalState, State, type TState } from "@/lib/states/states";
import { NOT_RUN } from "../ui/state-colors";
import type { TaskRunView } from "./execution-types";

/**
 * An execution's task runs as the tree the flow declares: each task of the flow where it is, with
 * its runs (a task inside a ForEach has one per value), iterations as rows of their own, and the
 * tasks that never ran marked so. Pure: the task list, the Gantt and the graph's states read it.
 */

type JsonMap = Record<string, unknown>;
const isMap = (v: unknown): v is JsonMap => v !== null && typeof v === "object" && !Array.isArray(v);

export interface RunRow {
  key: string;
  depth: number;
  kind: "run" | "not-run" | "iteration";
  taskId: string;
  taskType: string;
  /** What the row shows: the task id, or the iteration's value. */
  label: string;
  state: string;
  run?: TaskRunView;
  /** For an iteration: its value; for a run inside one: the value it ran for. */
  value?: string;
  startedAt: string | null;
  endedAt: string | null;
}

/** States a run is still going in; the first found names a group's state. */
const GOING: TState[] = [State.RUNNING, State.KILLING, State.RETRYING, State.PAUSED, State.QUEUED, State.CREATED];
/** Ended states, worst first. */
const ENDED: TState[] = [State.FAILED, State.KILLED, State.CANCELLED, State.WARNING, State.SUCCESS, State.SKIPPED];

export const isEnded = (state: string) => isTerminalState(state);

/** One state for a group of runs: a going state if any still runs, else the worst end. */
export function groupState(states: string[]): string {
  for (const s of [...GOING, ...ENDED]) if (states.includes(s)) return s;
  return states[0] ?? NOT_RUN;
}

/** The task lists of a task (or of the flow), with the path key under which each sits. */
function childLists(task: JsonMap, keys: readonly string[]): unknown[][] {
  const lists: unknown[][] = [];
  for (const key of keys) {
    if (key === "cases") {
      if (isMap(task.cases)) for (const list of Object.values(task.cases)) if (Array.isArray(list)) lists.push(list);
    } else if (Array.isArray(task[key])) lists.push(task[key] as unknown[]);
  }
  return lists;
}

const CHILD_KEYS = ["tasks", "then", "else", "cases", "defaults", "errors", "finally"] as const;
const FLOW_KEYS = ["tasks", "errors", "finally", "afterExecution"] as const;

/** A Dag entry `{task, dependsOn}` holds its task. */
function unwrap(item: unknown): JsonMap | null {
  if (isMap(item) && !("type" in item) && isMap(item.task)) return item.task;
  return isMap(item) && typeof item.id === "string" && typeof item.type === "string" ? item : null;
}

/** Rows of the execution, parents before their children. `active`: the execution is still going. */
export function runRows(flow: unknown, runs: TaskRunView[], active: boolean): RunRow[] {
  const rows: RunRow[] = [];
  const byParent = new Map<string | null, TaskRunView[]>();
  for (const r of runs) {
    const key = r.parentTaskRunId ?? null;
    byParent.set(key, [...(byParent.get(key) ?? []), r]);
  }

  /** The tasks of `lists` under one parent run (or the flow), given the runs found there. */
  const scope = (
    lists: unknown[][],
    found: TaskRunView[],
    depth: number,
    going: boolean,
    keyPrefix: string,
    value?: string,
  ) => {
    for (const list of lists)
      for (const item of list) {
        const task = unwrap(item);
        if (!task) continue;
        const id = String(task.id);
        const mine = found.filter((r) => r.taskId === id);
        if (mine.length === 0) {
          rows.push({
            key: `${keyPrefix}/${id}`,
            depth,
            kind: "not-run",
            taskId: id,
            taskType: String(task.type),
            label: id,
            state: going ? State.CREATED : NOT_RUN,
            value,
            startedAt: null,
            endedAt: null,
          });
          continue;
        }
        for (const run of mine) runRow(task, run, depth, value);
      }
  };

  const runRow = (task: JsonMap, run: TaskRunView, depth: number, value?: string) => {
    rows.push({
      key: run.id,
      depth,
      kind: "run",
      taskId: run.taskId,
      taskType: run.taskType,
      label: run.taskId,
      state: run.state,
      run,
      value: run.value ?? value,
      startedAt: run.startedAt,
      endedAt: run.endedAt,
    });
    const lists = childLists(task, CHILD_KEYS);
    if (lists.length === 0) return;
    const children = byParent.get(run.id) ?? [];
    const going = !isEnded(run.state);
    const values = [...new Set(children.filter((c) => c.value != null).map((c) => c.value!))];
    if (values.length === 0) {
      scope(lists, children, depth + 1, going, run.id, run.value ?? value);
      return;
    }
    // A loop: one row per value, its tasks under it.
    const planned = childLists(task, ["tasks"]).flat().map(unwrap).filter(Boolean).length;
    for (const v of values) {
      const inIteration = children.filter((c) => c.value === v);
      const states = inIteration.map((c) => c.state);
      // Its tasks have not all started yet: still running, whatever the ended ones say.
      const unfinished =
        going && new Set(inIteration.map((c) => c.taskId)).size < planned && !states.some((s) => isFailedState(s));
      rows.push({
        key: `${run.id}[${v}]`,
        depth: depth + 1,
        kind: "iteration",
        taskId: run.taskId,
        taskType: run.taskType,
        label: v,
        state: unfinished ? State.RUNNING : groupState(states),
        value: v,
        startedAt: earliest(inIteration.map((c) => c.startedAt)),
        endedAt: unfinished || inIteration.some((c) => !c.endedAt) ? null : latest(inIteration.map((c) => c.endedAt)),
      });
      scope(childLists(task, ["tasks"]), inIteration, depth + 2, going, `${run.id}[${v}]`, v);
    }
    // Errors and finally of the loop run once, after its values.
    scope(
      childLists(task, ["errors", "finally"]),
      children.filter((c) => c.value == null),
      depth + 1,
      going,
      run.id,
      value,
    );
  };

  scope(childLists(isMap(flow) ? flow : {}, FLOW_KEYS), byParent.get(null) ?? [], 0, active, "");
  return rows;
}

export interface NodeStatus {
  state: string;
  detail?: string;
  iterations?: { value: string; state: string }[];
}

/** Each task's state for the graph: its run's, or its runs' together with a chip per iteration or run. */
export function taskStatuses(rows: RunRow[], duration: (r: RunRow) => string | undefined): Record<string, NodeStatus> {
  const out: Record<string, NodeStatus> = {};
  const byTask = new Map<string, RunRow[]>();
  for (const r of rows) byTask.set(r.taskId, [...(byTask.get(r.taskId) ?? []), r]);
  for (const [taskId, list] of byTask) {
    const runsOf = list.filter((r) => r.kind === "run");
    const iterations = list.filter((r) => r.kind === "iteration");
    if (runsOf.length === 0) {
      out[taskId] = { state: groupState(list.map((r) => r.state)) };
      continue;
    }
    const status: NodeStatus = { state: groupState(runsOf.map((r) => r.state)) };
    if (runsOf.length === 1) status.detail = duration(runsOf[0]);
    if (iterations.length > 0) status.iterations = iterations.map((r) => ({ value: r.label, state: r.state }));
    else if (runsOf.length > 1)
      status.iterations = runsOf.map((r, i) => ({ value: r.value ?? `#${i + 1}`, state: r.state }));
    out[taskId] = status;
  }
  return out;
}

function earliest(dates: (string | null)[]): string | null {
  const known = dates.filter((d): d is string => d !== null).sort();
  return known[0] ?? null;
}

function latest(dates: (string | null)[]): string | null {
  const known = dates.filter((d): d is string => d !== null).sort();
  return known.at(-1) ?? null;
}
