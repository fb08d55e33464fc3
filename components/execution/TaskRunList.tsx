import type { ReactNode } from "react";
import { StateBadge } from "../ui/StateBadge";
import type { TaskRunView } from "./execution-types";
import type { RunRow } from "./run-tree";
import { isRowFiltered, rowRunIds } from "./row-runs";

/** Every task of the flow where it sits, with its runs: a loop's values as rows of their own, tasks never reached as NOT RUN. */
export function TaskRunList({
  rows,
  selectedTask,
  onSelect,
  selectedRuns,
  onSelectRuns,
  details,
}: {
  rows: RunRow[];
  selectedTask: string | null;
  onSelect: (taskId: string) => void;
  /** The task runs the log is filtered to; `onSelectRuns` filters it to a run's or an iteration's. */
  selectedRuns: string[];
  onSelectRuns: (taskRunIds: string[]) => void;
  details: (run: TaskRunView) => ReactNode;
}) {
  return (
    <ol className="border-t border-slate-200 p-3 text-sm" data-testid="task-runs">
      {rows.map((row, index) => {
        const runIds = rowRunIds(rows, index);
        const filtered = isRowFiltered(runIds, selectedRuns);
        return (
          <li
            key={row.key}
            style={{ marginLeft: row.depth * 14 }}
            className={`mb-2 rounded border p-2 ${row.kind === "iteration" ? "border-dashed bg-slate-50" : ""} ${filtered || (selectedTask === row.taskId && row.kind !== "iteration") ? "border-sky-400" : "border-slate-200"}`}
            {...(row.kind === "iteration"
              ? { "data-iteration": row.label, "data-iteration-of": row.taskId }
              : { "data-task": row.taskId })}
            data-state={row.state}
            {...(row.value !== undefined && row.kind !== "iteration" ? { "data-value": row.value } : {})}
          >
            <div className="flex items-center justify-between gap-2">
              {row.kind === "iteration" ? (
                <span className="truncate text-xs text-slate-600" title={`${row.taskId}: value ${row.label}`}>
                  ↳ value <span className="font-mono font-semibold">{row.label}</span>
                </span>
              ) : (
                <button
                  className="truncate font-medium hover:underline"
                  onClick={() => onSelect(row.taskId)}
                  title="Show only this task's log"
                >
                  {row.label}
                  {row.value !== undefined && (
                    <span className="ml-1 font-mono text-xs font-normal text-slate-500">[{row.value}]</span>
                  )}
                </button>
              )}
              <span className="flex shrink-0 items-center gap-1">
                {runIds.length > 0 && (
                  <button
                    type="button"
                    onClick={() => onSelectRuns(filtered ? [] : runIds)}
                    aria-pressed={filtered}
                    className={`rounded px-1 text-xs ${filtered ? "bg-sky-100 text-sky-800" : "text-slate-500 hover:text-sky-700"}`}
                    title={filtered ? "Show every task run's lines again" : "Show only the log lines of this run"}
                    aria-label="Logs of this run"
                    data-testid="run-logs"
                  >
                    logs
                  </button>
                )}
                <StateBadge state={row.state} />
              </span>
            </div>
            {row.kind !== "iteration" && <div className="truncate text-xs text-slate-500">{row.taskType}</div>}
            {row.run && details(row.run)}
          </li>
        );
      })}
    </ol>
  );
}
