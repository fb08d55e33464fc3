import type { RunRow } from "./run-tree";

/**
 * The task runs a row stands for in the log filter: a run's own id; for a loop's iteration (a row
 * with no run of its own), the runs listed under it.
 */
export function rowRunIds(rows: readonly RunRow[], index: number): string[] {
  const row = rows[index];
  if (row.kind === "run") return row.run ? [row.run.id] : [];
  if (row.kind !== "iteration") return [];
  const ids: string[] = [];
  for (let i = index + 1; i < rows.length && rows[i].depth > row.depth; i++) {
    const run = rows[i].run;
    if (rows[i].kind === "run" && run) ids.push(run.id);
  }
  return ids;
}

/** Whether the log shows exactly what this row stands for. */
export function isRowFiltered(ids: readonly string[], selected: readonly string[]): boolean {
  return ids.length > 0 && ids.length === selected.length && ids.every((id) => selected.includes(id));
}
