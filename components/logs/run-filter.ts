/** What the log needs of a task run to filter by it (mirrors TaskRunView, without importing it). */
export interface LogRun {
  id: string;
  taskId: string;
  parentTaskRunId?: string | null;
  value?: string | null;
}

/**
 * The task runs whose lines a filter on `ids` shows: those runs and every run inside them (a
 * Sequential in a ForEach iteration shows its tasks' lines too).
 */
export function withDescendants(runs: readonly LogRun[], ids: readonly string[]): Set<string> {
  const children = new Map<string, string[]>();
  for (const r of runs)
    if (r.parentTaskRunId) children.set(r.parentTaskRunId, [...(children.get(r.parentTaskRunId) ?? []), r.id]);
  const out = new Set<string>();
  const stack = [...ids];
  while (stack.length) {
    const id = stack.pop()!;
    if (out.has(id)) continue;
    out.add(id);
    stack.push(...(children.get(id) ?? []));
  }
  return out;
}

/** How the filter reads in the toolbar: `task [value]` for one run, `loop [value]` for an iteration's runs. */
export function runFilterLabel(runs: readonly LogRun[], ids: readonly string[]): string {
  const named = ids.map((id) => runs.find((r) => r.id === id)).filter((r): r is LogRun => r !== undefined);
  if (named.length === 0) return ids.length === 1 ? `task run ${ids[0].slice(0, 8)}` : `${ids.length} task runs`;
  const withValue = (taskId: string, value?: string | null) => (value != null ? `${taskId} [${value}]` : taskId);
  if (named.length === 1) return withValue(named[0].taskId, named[0].value);
  const parent = runs.find((r) => r.id === named[0].parentTaskRunId);
  const sameIteration = named.every(
    (r) => r.parentTaskRunId === named[0].parentTaskRunId && r.value === named[0].value,
  );
  return parent && sameIteration ? withValue(parent.taskId, named[0].value) : `${ids.length} task runs`;
}
