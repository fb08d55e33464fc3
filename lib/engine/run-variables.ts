/** A task run as expressions see it: enough to build `outputs`, `parents` and `taskrun`. */
export interface RunRecord {
  id: string;
  taskId: string;
  parentTaskRunId: string | null;
  value: string | null;
  outputs: Record<string, unknown> | null;
}

/** Ancestors of a task run, closest first (any record with a parent link: stored rows, views, plans). */
export function ancestorsOf<T extends { parentTaskRunId: string | null }>(run: T, byId: ReadonlyMap<string, T>): T[] {
  const out: T[] = [];
  for (let p = run.parentTaskRunId ? byId.get(run.parentTaskRunId) : undefined; p; p = p.parentTaskRunId ? byId.get(p.parentTaskRunId) : undefined) out.push(p);
  return out;
}

/**
 * Kestra's `outputs` variable (Execution.outputs()): every run's outputs under its task id, then
 * under the values of its valued ancestors (outermost first), then its own value:
 * `outputs.inner['a']['x'].value` for a task in a ForEach over x inside a ForEach over a.
 * Runs merge deeply; lists at the same place are concatenated (Kestra's MapUtils.merge).
 */
export function outputsVariable(runs: readonly RunRecord[]): Record<string, unknown> {
  const byId = new Map(runs.map((r) => [r.id, r]));
  let out: Record<string, unknown> = {};
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
    for (const key of path.reverse()) entry = { [key]: entry };
    out = mergeDeep(out, { [run.taskId]: entry });
  }
  return out;
}

/** `parents`, closest first (Kestra's current shape: every ancestor, with its value when it has one). */
export function parentsVariable(run: RunRecord, runs: readonly RunRecord[], taskType: (taskId: string) => string | undefined): Record<string, unknown>[] {
  const byId = new Map(runs.map((r) => [r.id, r]));
  return ancestorsOf(run, byId).map((a) => ({
    task: { id: a.taskId, type: taskType(a.taskId) },
    ...(a.value !== null ? { taskrun: { value: a.value } } : {}),
    ...(a.outputs && Object.keys(a.outputs).length > 0 ? { outputs: a.outputs } : {}),
  }));
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
