"use client";

import Link from "next/link";
import { useCallback, useEffect, useState } from "react";
import type { ExecutionViewData, TaskRunView } from "../execution/execution-types";
import { isEnded } from "../execution/run-tree";
import { TaskRunDetails } from "../execution/TaskRunDetails";
import { LogViewer } from "../logs/LogViewer";
import { useLogStream } from "../logs/useLogStream";
import { StateBadge } from "../ui/StateBadge";

/** What TaskRunDetails already shows of a run's outputs; the rest (a core task's `value`, `uri`…) is shown here. */
const SHOWN = new Set(["vars", "outputFiles", "metrics", "imageId"]);
const otherOutputs = (run: TaskRunView) =>
  Object.fromEntries(Object.entries(run.outputs ?? {}).filter(([key]) => !SHOWN.has(key)));

/** A run copied from an earlier playground run ended before this execution was made. */
const reused = (run: TaskRunView, execution: ExecutionViewData) =>
  run.endedAt !== null && new Date(run.endedAt) < new Date(execution.createdAt);

/**
 * One playground execution, followed live: its state, each task run with its outputs (the execution
 * page's details), and its log (the execution page's viewer).
 */
export function PlaygroundRun({ executionId }: { executionId: string }) {
  const [execution, setExecution] = useState<ExecutionViewData | null>(null);
  const refresh = useCallback(async () => {
    const res = await fetch(`/api/v1/executions/${executionId}`);
    if (res.ok) setExecution((await res.json()) as ExecutionViewData);
  }, [executionId]);
  // State events carry only ids and states: the full record is read again on each.
  const { store, version, ended } = useLogStream(executionId, () => void refresh());
  useEffect(() => {
    void refresh();
  }, [refresh]);
  useEffect(() => {
    if (ended) void refresh();
  }, [ended, refresh]);

  if (!execution) return <div className="p-3 text-sm text-slate-500">Starting…</div>;
  return (
    <div className="flex min-h-0 flex-1 flex-col" data-testid="playground-run">
      <div className="flex items-center gap-2 border-b border-slate-200 px-3 py-2 text-sm">
        <span data-testid="playground-state">
          <StateBadge state={execution.state} />
        </span>
        <Link
          href={`/executions/${execution.id}`}
          data-testid="playground-execution"
          className="font-mono text-xs text-sky-700 hover:underline"
        >
          {execution.id.slice(0, 8)}
        </Link>
      </div>
      {execution.error && (
        <div className="border-b border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800" role="alert">
          {execution.error}
        </div>
      )}
      <ul
        className="max-h-[45%] shrink-0 overflow-auto border-b border-slate-200 px-3 py-2"
        data-testid="playground-task-runs"
      >
        {execution.taskRuns.map((run) => (
          <li key={run.id} data-task={run.taskId} className="py-1">
            <div className="flex items-center gap-2 text-sm">
              <span className="font-medium">{run.taskId}</span>
              <StateBadge state={run.state} />
              {reused(run, execution) && (
                <span
                  className="text-xs text-slate-500"
                  title="Copied, outputs and files, from an earlier playground run"
                >
                  from an earlier run
                </span>
              )}
            </div>
            {Object.keys(otherOutputs(run)).length > 0 && (
              <pre className="mt-1 overflow-auto rounded bg-slate-50 p-1 text-xs" data-testid="task-outputs">
                {JSON.stringify(otherOutputs(run), null, 2)}
              </pre>
            )}
            <TaskRunDetails executionId={execution.id} run={run} />
          </li>
        ))}
      </ul>
      <div className="relative min-h-48 flex-1">
        {/* A box of definite size: the log scrolls inside it, as on the execution page. */}
        <div className="absolute inset-0">
          <LogViewer
            executionId={execution.id}
            store={store}
            version={version}
            live={!isEnded(execution.state)}
            runs={execution.taskRuns}
          />
        </div>
      </div>
    </div>
  );
}
