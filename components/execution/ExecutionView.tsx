"use client";

import Link from "next/link";
import { useCallback, useEffect, useState } from "react";
import { LogView } from "../logs/LogView";
import type { ClientStateEvent } from "../logs/log-types";
import { useLogStream } from "../logs/useLogStream";
import { formatDuration, formatTime } from "../ui/format";
import { StateBadge } from "../ui/StateBadge";

interface TaskRunView {
  id: string;
  taskId: string;
  taskType: string;
  state: string;
  exitCode: number | null;
  error: string | null;
  startedAt: string | null;
  endedAt: string | null;
  attempt: number;
  properties: Record<string, unknown> | null;
  outputs: {
    vars?: Record<string, unknown>;
    outputFiles?: Record<string, string>;
    metrics?: { name: string; type: string; value: number; tags?: Record<string, string> }[];
    imageId?: string;
  } | null;
}

export interface ExecutionViewData {
  id: string;
  namespace: string;
  flowId: string;
  flowRevision: number;
  state: string;
  error: string | null;
  createdAt: string;
  startedAt: string | null;
  endedAt: string | null;
  startedBy: string | null;
  killedBy: string | null;
  taskRuns: TaskRunView[];
}

function TaskRunDetails({ executionId, run }: { executionId: string; run: TaskRunView }) {
  const files = Object.entries(run.outputs?.outputFiles ?? {});
  return (
    <div className="mt-1 space-y-1 text-xs text-slate-600">
      <div>
        {formatDuration(run.startedAt, run.endedAt)}
        {run.exitCode !== null && <> · exit code {run.exitCode}</>}
        {run.attempt > 1 && <> · attempt {run.attempt}</>}
      </div>
      {run.error && <div className={run.state === "WARNING" ? "text-amber-700" : "text-red-700"}>{run.error}</div>}
      {run.outputs?.imageId && <div className="truncate font-mono" title={run.outputs.imageId}>image {run.outputs.imageId.slice(7, 19)}</div>}
      {run.outputs?.vars && Object.keys(run.outputs.vars).length > 0 && (
        <pre className="overflow-auto rounded bg-slate-50 p-1" data-testid="outputs">{JSON.stringify(run.outputs.vars, null, 2)}</pre>
      )}
      {run.outputs?.metrics && run.outputs.metrics.length > 0 && (
        <table className="w-full" data-testid="metrics">
          <tbody>
            {run.outputs.metrics.map((m, i) => (
              <tr key={i}>
                <td className="pr-2 text-slate-500">{m.type}</td>
                <td className="pr-2">{m.name}</td>
                <td className="text-right font-mono">{m.value}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {run.properties && (
        <details data-testid="task-properties">
          <summary className="cursor-pointer text-slate-500">Properties as run</summary>
          <pre className="overflow-auto rounded bg-slate-50 p-1">{JSON.stringify(run.properties, null, 2)}</pre>
        </details>
      )}
      {files.length > 0 && (
        <ul data-testid="output-files">
          {files.map(([name, uri]) => (
            <li key={name}>
              <a className="text-sky-700 hover:underline" href={`/api/v1/executions/${executionId}/file?path=${encodeURIComponent(uri)}`}>
                ⬇ {name}
              </a>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export function ExecutionView({ initial, plannedTasks, canRun }: { initial: ExecutionViewData; plannedTasks: { id: string; type: string }[]; canRun: boolean }) {
  const [execution, setExecution] = useState(initial);

  const refresh = useCallback(async () => {
    const res = await fetch(`/api/v1/executions/${initial.id}`);
    if (res.ok) setExecution((await res.json()) as ExecutionViewData);
  }, [initial.id]);

  // State events carry only ids and states: fetch the full record (exit codes, times) when one arrives.
  const onState = useCallback((e: ClientStateEvent) => {
    setExecution((prev) => (e.taskRunId === null ? { ...prev, state: e.state } : prev));
    void refresh();
  }, [refresh]);

  const { lines, connected, ended } = useLogStream(initial.id, onState);
  useEffect(() => {
    if (ended) void refresh();
  }, [ended, refresh]);

  const runs = new Map(execution.taskRuns.map((t) => [t.taskId, t]));
  const active = execution.state === "CREATED" || execution.state === "RUNNING";
  const [killing, setKilling] = useState(false);
  const kill = async () => {
    setKilling(true);
    await fetch(`/api/v1/executions/${execution.id}/kill`, { method: "DELETE" });
  };
  return (
    <div className="flex h-[calc(100vh-3rem)] flex-col">
      <div className="flex flex-wrap items-center gap-3 border-b border-slate-200 bg-white px-4 py-2 text-sm">
        <Link href={`/flows/${execution.namespace}/${execution.flowId}`} className="font-semibold text-sky-700 hover:underline">
          {execution.namespace}.{execution.flowId}
        </Link>
        <span className="text-slate-400">rev {execution.flowRevision}</span>
        <span className="font-mono text-xs text-slate-500">{execution.id}</span>
        <span data-testid="execution-state"><StateBadge state={execution.state} /></span>
        <span className="text-slate-500">{formatTime(execution.createdAt)}</span>
        <span className="text-slate-500">{formatDuration(execution.startedAt, execution.endedAt)}</span>
        {execution.startedBy && <span className="text-slate-500" data-testid="started-by">started by {execution.startedBy}</span>}
        {execution.killedBy && <span className="text-red-700" data-testid="killed-by">killed by {execution.killedBy}</span>}
        {active && canRun && (
          <button onClick={() => void kill()} disabled={killing} className="rounded border border-red-300 bg-white px-2 py-0.5 text-xs font-medium text-red-700 hover:bg-red-50 disabled:opacity-50">
            {killing ? "Killing…" : "■ Kill"}
          </button>
        )}
        <span className={`ml-auto text-xs ${connected ? "text-emerald-600" : "text-slate-400"}`}>{connected ? "● live" : ended ? "ended" : "○ connecting"}</span>
      </div>
      {execution.error && <div className="border-b border-red-200 bg-red-50 px-4 py-2 text-sm text-red-800" role="alert">{execution.error}</div>}
      <div className="flex min-h-0 flex-1">
        <ol className="w-80 shrink-0 overflow-auto border-r border-slate-200 bg-white p-3 text-sm" data-testid="task-runs">
          {plannedTasks.map((task) => {
            const run = runs.get(task.id);
            return (
              <li key={task.id} className="mb-2 rounded border border-slate-200 p-2" data-task={task.id}>
                <div className="flex items-center justify-between gap-2">
                  <span className="font-medium">{task.id}</span>
                  <StateBadge state={run?.state ?? (execution.state === "CREATED" || execution.state === "RUNNING" ? "CREATED" : "NOT RUN")} />
                </div>
                <div className="truncate text-xs text-slate-400">{task.type}</div>
                {run && <TaskRunDetails executionId={execution.id} run={run} />}
              </li>
            );
          })}
        </ol>
        <div className="min-w-0 flex-1">
          <LogView lines={lines} />
        </div>
      </div>
    </div>
  );
}
