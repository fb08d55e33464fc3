"use client";

import { useEffect, useState } from "react";
import { formatDuration } from "../ui/format";
import type { TaskRunView } from "./execution-types";

const BAR_CLASS: Record<string, string> = {
  RUNNING: "bg-blue-500",
  SUCCESS: "bg-emerald-500",
  FAILED: "bg-red-500",
  KILLED: "bg-amber-500",
  WARNING: "bg-amber-500",
};

/** Task runs on one time axis from the execution's start; a running one grows until it ends. */
export function Gantt({ tasks, runs, startedAt, endedAt, onSelect }: { tasks: string[]; runs: Map<string, TaskRunView>; startedAt: string | null; endedAt: string | null; onSelect: (taskId: string) => void }) {
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
      {tasks.map((taskId) => {
        const run = runs.get(taskId);
        const start = run?.startedAt ? new Date(run.startedAt).getTime() - t0 : null;
        const end = run?.endedAt ? new Date(run.endedAt).getTime() - t0 : now - t0;
        return (
          <button key={taskId} onClick={() => onSelect(taskId)} className="flex w-full items-center gap-2 text-left hover:bg-slate-50" title={run ? `${run.state} · ${formatDuration(run.startedAt, run.endedAt)}` : "not run"}>
            <span className="w-24 shrink-0 truncate">{taskId}</span>
            <span className="relative h-3 flex-1 rounded bg-slate-100">
              {start !== null && (
                <span
                  data-gantt-bar={taskId}
                  className={`absolute inset-y-0 rounded ${BAR_CLASS[run!.state] ?? "bg-slate-400"}`}
                  style={{ left: `${(start / total) * 100}%`, width: `${Math.max(0.5, ((end - start) / total) * 100)}%` }}
                />
              )}
            </span>
            <span className="w-14 shrink-0 text-right text-slate-500">{run ? formatDuration(run.startedAt, run.endedAt) : ""}</span>
          </button>
        );
      })}
    </div>
  );
}
