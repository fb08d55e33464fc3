/** A task run as expressions see it: enough to build `outputs`, `parents` and `taskrun`. */
export interface RunRecord {
  id: string;
  taskId: string;
  parentTaskRunId: string | null;
  value: string | null;
  outputs: Record<string, unknown> | null;
}

/** Ancestors of a task run, closest first (any record with a parent link: stored rows, views, plans). */
/** Look-ups by id: a map, or anything that answers `get`. */
export type ById<T> = { get(id: string): T | undefined };

export function ancestorsOf<T extends { parentTaskRunId: string | null }>(run: T, byId: ById<T>): T[] {
  const out: T[] = [];
  for (
    let p = run.parentTaskRunId ? byId.get(run.parentTaskRunId) : undefined;
    p;
    p = p.parentTaskRunId ? byId.get(p.parentTaskRunId) : undefined
  )
    out.push(p);
  return out;
}

/**
 * Kestra's `outputs` variable (Execution.outputs()): every run's outputs under its task id, then
 * under the values of its valued ancestors (outermost first), then its own value:
 * `outputs.inner['a']['x'].value` for a task in a ForEach over x inside a ForEach over a.
 * Runs merge deeply; lists at the same place are concatenated (Kestra's MapUtils.merge).
 */
export function outputsVariable(
  runs: readonly RunRecord[],
  byId: ById<RunRecord> = new Map(runs.map((r) => [r.id, r])),
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  // Merged in place into maps made here (a run's own outputs are copied before anything is merged
  // into them): linear in the runs, where copying the whole result per run was quadratic.
  const made = new WeakSet<object>([out]);
  for (const run of runs) {
    if (!run.outputs) continue;
    const path = [
      ...ancestorsOf(run, byId)
        .reverse()
        .filter((a) => a.value !== null)
        .map((a) => a.value!),
      ...(run.value !== null ? [run.value] : []),
    ];
    let entry: unknown = run.outputs;
    for (const key of path.reverse()) {
      entry = { [key]: entry };
      made.add(entry as object);
    }
    const wrapped = { [run.taskId]: entry };
    made.add(wrapped);
    mergeInto(out, wrapped, made);
  }
  return out;
}

/** MapUtils.merge into `target` (a map made here), copying a map not made here before changing it. */
function mergeInto(target: Record<string, unknown>, source: Record<string, unknown>, made: WeakSet<object>): void {
  for (const [key, value] of Object.entries(source)) {
    const prior = target[key];
    if (isMap(prior) && isMap(value)) {
      let into = prior;
      if (!made.has(prior)) {
        into = { ...prior };
        made.add(into);
        target[key] = into;
      }
      mergeInto(into, value, made);
    } else if (Array.isArray(prior) && Array.isArray(value)) target[key] = [...prior, ...value];
    else if (value !== null && value !== undefined) target[key] = value;
  }
}

/**
 * `parents`, closest first, as today's Kestra builds it (RunVariables.parents): every ancestor task
 * run, each `{task: {id}}` and, for one that runs for a ForEach value, `taskrun: {value}`.
 */
export function parentsVariable(run: RunRecord, byId: ById<RunRecord>): Record<string, unknown>[] {
  return ancestorsOf(run, byId).map((a) => ({
    task: { id: a.taskId },
    ...(a.value !== null ? { taskrun: { value: a.value } } : {}),
  }));
}

/**
 * `tasks` (Kestra's RunVariables.computeTasksMap): each task's state, `tasks.<id>.state`, or per
 * value for task runs of a ForEach iteration, `tasks.<id>['<value>'].state`.
 */
export function tasksVariable(
  runs: readonly { taskId: string; value: string | null; state: string }[],
): Record<string, unknown> {
  const out: Record<string, Record<string, unknown>> = {};
  for (const run of runs) {
    if (run.value === null) out[run.taskId] = { state: run.state };
    else (out[run.taskId] ??= {})[run.value] = { state: run.state };
  }
  return out;
}

/** MapUtils.merge: maps deep-merged, lists concatenated, `b` wins for scalars. */
export function mergeDeep(a: Record<string, unknown>, b: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...a };
  for (const [key, value] of Object.entries(b)) {
    const prior = out[key];
    if (isMap(prior) && isMap(value)) out[key] = mergeDeep(prior, value);
    else if (Array.isArray(prior) && Array.isArray(value)) out[key] = [...prior, ...value];
    else if (value !== null && value !== undefined) out[key] = value;
  }
  return out;
}

function isMap(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}
