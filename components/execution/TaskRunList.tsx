import type { ReactNode } from "react";
import { StateBadge } from "../ui/StateBadge";
import type { TaskRunView } from "./execution-types";
import type { RunRow } from "./run-tree";

/** Every task of the flow where it sits, with its runs: a loop's values as rows of their own, tasks never reached as NOT RUN. */
export function TaskRunList({
  rows,
  selectedTask,
  onSelect,
  details,
}: {
  rows: RunRow[];
  selectedTask: string | null;
  onSelect: (taskId: string) => void;
  details: (run: TaskRunView) => ReactNode;
}) {
  return (
    <ol className="border-t border-slate-200 p-3 text-sm" data-testid="task-runs">
      {rows.map((row) => (
        <li
          key={row.key}
          style={{ marginLeft: row.depth * 14 }}
          className={`mb-2 rounded border p-2 ${row.kind === "iteration" ? "border-dashed bg-slate-50" : ""} ${selectedTask === row.taskId && row.kind !== "iteration" ? "border-sky-400" : "border-slate-200"}`}
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
            <StateBadge state={row.state} />
          </div>
          {row.kind !== "iteration" && <div className="truncate text-xs text-slate-400">{row.taskType}</div>}
          {row.run && details(row.run)}
        </li>
      ))}
    </ol>
  );
}
