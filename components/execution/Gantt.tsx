"use client";

import { useEffect, useState } from "react";
import { formatDuration, formatUsage } from "../ui/format";
import type { RunRow } from "./run-tree";

const BAR_CLASS: Record<string, string> = {
  CREATED: "bg-slate-300",
  QUEUED: "bg-sky-300",
  RUNNING: "bg-blue-500",
  PAUSED: "bg-purple-500",
  RETRYING: "bg-indigo-500",
  SUCCESS: "bg-emerald-500",
  WARNING: "bg-amber-500",
  FAILED: "bg-red-500",
  KILLING: "bg-orange-400",
  KILLED: "bg-orange-600",
  CANCELLED: "bg-zinc-500",
  SKIPPED: "bg-stone-300",
};

/** Task runs on one time axis from the execution's start, nested under their parent (a row per loop value); a running one grows until it ends. */
export function Gantt({
  rows,
  startedAt,
  endedAt,
  onSelect,
}: {
  rows: RunRow[];
  startedAt: string | null;
  endedAt: string | null;
  onSelect: (taskId: string) => void;
}) {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    if (endedAt || !startedAt) return;
    const timer = setInterval(() => setNow(Date.now()), 500);
    return () => clearInterval(timer);
  }, [endedAt, startedAt]);
  if (!startedAt) return <p className="p-2 text-xs text-slate-500">Not started yet.</p>;
  const t0 = new Date(startedAt).getTime();
  const total = Math.max(1, (endedAt ? new Date(endedAt).getTime() : now) - t0);
  return (
    <div className="space-y-1 p-2 text-xs" data-testid="gantt">
      {rows.map((row) => {
        const start = row.startedAt ? new Date(row.startedAt).getTime() - t0 : null;
        const end = row.endedAt ? new Date(row.endedAt).getTime() - t0 : now - t0;
        const bar =
          row.kind === "iteration"
            ? { "data-gantt-iteration": `${row.taskId}[${row.label}]` }
            : { "data-gantt-bar": row.taskId };
        return (
          <button
            key={row.key}
            onClick={() => onSelect(row.taskId)}
            className="flex w-full items-center gap-2 text-left hover:bg-slate-50"
            title={
              row.kind === "not-run"
                ? row.state.toLowerCase()
                : [row.state, formatDuration(row.startedAt, row.endedAt), row.run ? formatUsage(row.run) : ""]
                    .filter(Boolean)
                    .join(" · ")
            }
            data-gantt-row={row.kind}
          >
            <span
              className={`w-28 shrink-0 truncate ${row.kind === "iteration" ? "font-mono text-slate-500" : ""} ${row.kind === "not-run" ? "text-slate-500" : ""}`}
              style={{ paddingLeft: row.depth * 10 }}
            >
              {row.kind === "iteration" ? `↳ ${row.label}` : row.label}
            </span>
            <span className="relative h-3 flex-1 rounded bg-slate-100">
              {start !== null && (
                <span
                  {...bar}
                  data-state={row.state}
                  className={`absolute inset-y-0 rounded ${BAR_CLASS[row.state] ?? "bg-slate-400"} ${row.kind === "iteration" ? "opacity-60" : ""}`}
                  style={{
                    left: `${(start / total) * 100}%`,
                    width: `${Math.max(0.5, ((end - start) / total) * 100)}%`,
                  }}
                />
              )}
            </span>
            <span className="w-14 shrink-0 text-right text-slate-500">
              {row.kind !== "not-run" && row.startedAt ? formatDuration(row.startedAt, row.endedAt) : ""}
            </span>
          </button>
        );
      })}
    </div>
  );
}
