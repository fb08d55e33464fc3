"use client";

import { useMemo, useState } from "react";
import { ApiError, sendJson } from "../ui/api";
import { PlaygroundRun } from "./PlaygroundRun";
import { playgroundFlow } from "./top-level-tasks";

type Mode = "task" | "upTo";

/**
 * The editor's Playground tab: runs the flow as it stands, unsaved, up to one top-level task, or
 * that task alone with the outputs of the tasks before it taken from the latest playground run
 * (Kestra's playground). Runs are executions of kind PLAYGROUND: in no list or count, kept a day.
 */
export function PlaygroundPane({ source, canEdit }: { source: string; canEdit: boolean }) {
  const flow = useMemo(() => playgroundFlow(source), [source]);
  const [runId, setRunId] = useState<string | null>(null);
  const [refused, setRefused] = useState<{ message: string; taskId: string; reusable: boolean } | null>(null);
  const [busy, setBusy] = useState(false);

  const run = async (taskId: string, mode: Mode) => {
    if (!flow) return;
    setBusy(true);
    setRefused(null);
    try {
      const made = await sendJson<{ id: string }>(
        `/api/v1/playground/${encodeURIComponent(flow.namespace)}/${encodeURIComponent(flow.id)}`,
        "POST",
        { source, taskId, mode },
      );
      setRunId(made.id);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      // 409: the tasks before it have no playground run to reuse (or changed): offer to run up to it.
      setRefused({ message, taskId, reusable: err instanceof ApiError && err.status === 409 });
    } finally {
      setBusy(false);
    }
  };

  if (!flow)
    return (
      <div className="p-4 text-sm text-slate-500">Give the flow an id, a namespace and tasks to try them here.</div>
    );
  return (
    <div className="flex h-full min-h-0 flex-col" data-testid="playground">
      <p className="border-b border-slate-200 px-3 py-2 text-xs text-slate-600">
        Runs the flow as it stands, unsaved. <em>Run task</em> reuses the outputs of the tasks before it from the latest
        playground run; <em>Run up to here</em> runs them again. Playground runs appear in no list and are kept a day.
      </p>
      <ul className="shrink-0 divide-y divide-slate-100 border-b border-slate-200" aria-label="Tasks to run">
        {flow.tasks.map((task, i) => (
          <li
            key={task.id}
            className="flex items-center gap-2 px-3 py-1.5 text-sm"
            data-testid={`playground-task-${task.id}`}
          >
            <span className="min-w-0 flex-1 truncate">
              <span className="font-medium">{task.id}</span>{" "}
              <span className="text-xs text-slate-500">{task.type.split(".").pop()}</span>
            </span>
            <button
              type="button"
              onClick={() => void run(task.id, "task")}
              disabled={busy || !canEdit}
              title={
                i === 0
                  ? "Run this task"
                  : "Run this task alone, with the outputs of the tasks before it from the latest playground run"
              }
              className="rounded border border-slate-300 bg-white px-2 py-0.5 text-xs hover:bg-slate-100 disabled:opacity-50"
            >
              <span aria-hidden="true">▶</span> Run task<span className="sr-only"> {task.id}</span>
            </button>
            <button
              type="button"
              onClick={() => void run(task.id, "upTo")}
              disabled={busy || !canEdit}
              title="Run every task from the start up to this one"
              className="rounded border border-slate-300 bg-white px-2 py-0.5 text-xs hover:bg-slate-100 disabled:opacity-50"
            >
              <span aria-hidden="true">»</span> Run up to here<span className="sr-only"> ({task.id})</span>
            </button>
          </li>
        ))}
      </ul>
      {refused && (
        <div
          className="flex items-center gap-2 border-b border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900"
          role="alert"
        >
          <span className="min-w-0 flex-1">{refused.message}</span>
          {refused.reusable && (
            <button
              type="button"
              onClick={() => void run(refused.taskId, "upTo")}
              className="rounded border border-amber-400 bg-white px-2 py-0.5 text-xs font-medium hover:bg-amber-100"
            >
              Run up to {refused.taskId}
            </button>
          )}
        </div>
      )}
      {runId ? (
        <PlaygroundRun key={runId} executionId={runId} />
      ) : (
        <div className="p-4 text-sm text-slate-500">No playground run yet.</div>
      )}
    </div>
  );
}
