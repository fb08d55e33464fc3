"use client";

import dynamic from "next/dynamic";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useCallback, useEffect, useMemo, useState } from "react";
import { LogViewer } from "../logs/LogViewer";
import type { ClientStateEvent } from "../logs/log-types";
import { useLogStream } from "../logs/useLogStream";
import { useLogView } from "../logs/useLogView";
import { FlowGraph, type TaskStatus } from "../topology/FlowGraph";
import { sendJson } from "../ui/api";
import { formatDuration, formatTime } from "../ui/format";
import { StateBadge } from "../ui/StateBadge";
import type { ExecutionViewData } from "./execution-types";
import { buildFlowGraph } from "../topology/graph-model";
import { Gantt } from "./Gantt";
import { isEnded, runRows, taskStatuses } from "./run-tree";
import { TaskRunList } from "./TaskRunList";
import { ExecutionFacts } from "./ExecutionFacts";
import { StartedBy } from "./StartedBy";
import { TaskRunDetails } from "./TaskRunDetails";
import { ExecutionInputs } from "../run/ExecutionInputs";
import { RESTARTABLE, State } from "@/lib/states/states";

// Opened on demand: not part of the page's first paint.
const ExpressionDebugger = dynamic(() => import("./ExpressionDebugger").then((m) => m.ExpressionDebugger), {
  ssr: false,
});
const RunDialog = dynamic(() => import("../run/RunDialog").then((m) => m.RunDialog), { ssr: false });

/** `flow`: the executed revision's task lists (`tasks`, `errors`, `finally`, `afterExecution`), as parsed. */
export function ExecutionView({
  initial,
  flow,
  canRun,
}: {
  initial: ExecutionViewData;
  flow: unknown;
  canRun: boolean;
}) {
  const [execution, setExecution] = useState(initial);

  const refresh = useCallback(async () => {
    const res = await fetch(`/api/v1/executions/${initial.id}`);
    if (res.ok) setExecution((await res.json()) as ExecutionViewData);
  }, [initial.id]);

  // State events carry only ids and states: fetch the full record (exit codes, times) when one arrives.
  const onState = useCallback(
    (e: ClientStateEvent) => {
      setExecution((prev) => (e.taskRunId === null ? { ...prev, state: e.state } : prev));
      void refresh();
    },
    [refresh],
  );

  const { store, version, connected, ended } = useLogStream(initial.id, onState);
  const router = useRouter();
  // Clicking a task filters the log to it (through the URL, like the log's own filters); again, shows all.
  const { view, setView } = useLogView();
  const selectedTask = view.taskId;
  const selectTask = (taskId: string) => setView({ taskId: selectedTask === taskId ? null : taskId });
  const [debugging, setDebugging] = useState(false);
  useEffect(() => {
    if (ended) void refresh();
  }, [ended, refresh]);

  const active = !isEnded(execution.state);
  const graph = useMemo(() => buildFlowGraph(flow), [flow]);
  const rows = useMemo(() => runRows(flow, execution.taskRuns, active), [flow, execution.taskRuns, active]);
  const statuses: Record<string, TaskStatus> = taskStatuses(rows, (r) =>
    r.startedAt ? formatDuration(r.startedAt, r.endedAt) : undefined,
  );
  const [killing, setKilling] = useState(false);
  const [rerunError, setRerunError] = useState<string | null>(null);
  // Run the flow's current revision again: the Run dialog, prefilled with the inputs this execution had.
  const [rerunning, setRerunning] = useState(false);
  const earlierInputs = useMemo(
    () => JSON.parse(execution.inputs ?? "{}") as Record<string, unknown>,
    [execution.inputs],
  );
  const kill = async () => {
    setKilling(true);
    await fetch(`/api/v1/executions/${execution.id}/kill`, { method: "DELETE" });
  };
  // Restart goes on in this execution (the page follows it again); replay makes a new one.
  const restart = async () => {
    try {
      await sendJson(`/api/v1/executions/${execution.id}/restart`, "POST", {});
      window.location.reload();
    } catch (err) {
      setRerunError((err as Error).message);
    }
  };
  const resume = async () => {
    try {
      await sendJson(`/api/v1/executions/${execution.id}/resume`, "POST", {});
      void refresh();
    } catch (err) {
      setRerunError((err as Error).message);
    }
  };
  const replay = async (taskRunId: string) => {
    try {
      const next = await sendJson<{ id: string }>(
        `/api/v1/executions/${execution.id}/replay?taskRunId=${encodeURIComponent(taskRunId)}`,
        "POST",
        {},
      );
      router.push(`/executions/${next.id}`);
    } catch (err) {
      setRerunError((err as Error).message);
    }
  };
  return (
    <div className="flex h-[calc(100vh-3rem)] flex-col">
      <div className="flex flex-wrap items-center gap-3 border-b border-slate-200 bg-white px-4 py-2 text-sm">
        <Link
          href={`/flows/${execution.namespace}/${execution.flowId}`}
          className="font-semibold text-sky-700 hover:underline"
        >
          {execution.namespace}.{execution.flowId}
        </Link>
        <span className="text-slate-500">rev {execution.flowRevision}</span>
        <span className="font-mono text-xs text-slate-500">{execution.id}</span>
        <span data-testid="execution-state">
          <StateBadge state={execution.state} />
        </span>
        <span className="text-slate-500">{formatTime(execution.createdAt)}</span>
        <span className="text-slate-500">{formatDuration(execution.startedAt, execution.endedAt)}</span>
        <StartedBy execution={execution} />
        {execution.killedBy && (
          <span className="text-red-700" data-testid="killed-by">
            killed by {execution.killedBy}
          </span>
        )}
        {!active && canRun && (
          <button
            type="button"
            onClick={() => setRerunning(true)}
            className="rounded border border-slate-300 bg-white px-2 py-0.5 text-xs hover:bg-slate-100"
            title="Run the flow's current revision with the same inputs"
          >
            ↻ Run again
          </button>
        )}
        {execution.state === State.PAUSED && canRun && (
          <button
            type="button"
            onClick={() => void resume()}
            className="rounded border border-sky-300 bg-white px-2 py-0.5 text-xs font-medium text-sky-800 hover:bg-sky-50"
            title="Resume the paused task"
          >
            ▶ Resume
          </button>
        )}
        {RESTARTABLE.has(execution.state) && canRun && (
          <button
            type="button"
            onClick={() => void restart()}
            className="rounded border border-amber-300 bg-white px-2 py-0.5 text-xs font-medium text-amber-800 hover:bg-amber-50"
            title="Run the failed tasks again in this execution; what succeeded is kept"
          >
            ⟲ Restart
          </button>
        )}
        {execution.replayOf && (
          <Link
            href={`/executions/${execution.replayOf}`}
            className="text-xs text-slate-500 hover:underline"
            data-testid="replay-of"
          >
            replay of {execution.replayOf.slice(0, 8)}
          </Link>
        )}
        {rerunError && (
          <span className="text-xs text-red-700" role="alert">
            {rerunError}
          </span>
        )}
        {active && canRun && (
          <button
            type="button"
            onClick={() => void kill()}
            disabled={killing}
            className="rounded border border-red-300 bg-white px-2 py-0.5 text-xs font-medium text-red-700 hover:bg-red-50 disabled:opacity-50"
          >
            {killing ? "Killing…" : "■ Kill"}
          </button>
        )}
        <button
          type="button"
          onClick={() => setDebugging(!debugging)}
          aria-pressed={debugging}
          className="rounded border border-slate-300 bg-white px-2 py-0.5 text-xs hover:bg-slate-100"
          title="Render a Pebble expression against this execution's outputs, inputs and variables"
        >
          {"{ }"} Debug expression
        </button>
        <span className={`ml-auto text-xs ${connected ? "text-emerald-600" : "text-slate-500"}`}>
          {connected ? "● live" : ended ? "ended" : "○ connecting"}
        </span>
      </div>
      {execution.error && (
        <div className="border-b border-red-200 bg-red-50 px-4 py-2 text-sm text-red-800" role="alert">
          {execution.error}
        </div>
      )}
      {rerunning && (
        <RunDialog
          namespace={execution.namespace}
          flowId={execution.flowId}
          earlier={earlierInputs}
          onClose={() => setRerunning(false)}
        />
      )}
      {debugging && (
        <ExpressionDebugger executionId={execution.id} runs={execution.taskRuns} onClose={() => setDebugging(false)} />
      )}
      <ExecutionFacts execution={execution} />
      <ExecutionInputs executionId={execution.id} inputs={execution.inputs} />
      {/* The topology runs left to right: across the page it has room for a flow's boxes. */}
      <div className="h-80 shrink-0 border-b border-slate-200 bg-slate-50">
        <FlowGraph
          graph={graph}
          statuses={statuses}
          selectedId={selectedTask}
          onSelect={selectTask}
          // Enter on a task: select it (a second Enter keeps it) and bring its runs into view.
          onOpen={(id) => {
            if (selectedTask !== id) selectTask(id);
            document
              .querySelector(`[data-testid=task-runs] [data-task="${CSS.escape(id)}"]`)
              ?.scrollIntoView({ block: "nearest" });
          }}
        />
      </div>
      <div className="flex min-h-0 flex-1">
        <div className="flex w-[26rem] shrink-0 flex-col overflow-auto border-r border-slate-200 bg-white">
          <Gantt rows={rows} startedAt={execution.startedAt} endedAt={execution.endedAt} onSelect={selectTask} />
          <TaskRunList
            rows={rows}
            selectedTask={selectedTask}
            onSelect={selectTask}
            selectedRuns={view.taskRunIds}
            onSelectRuns={(taskRunIds) => setView({ taskRunIds })}
            details={(run) => (
              <TaskRunDetails
                executionId={execution.id}
                run={run}
                onReplay={!active && canRun ? () => void replay(run.id) : undefined}
              />
            )}
          />
        </div>
        <div className="min-w-0 flex-1">
          <LogViewer
            executionId={execution.id}
            store={store}
            version={version}
            live={active}
            runs={execution.taskRuns}
          />
        </div>
      </div>
    </div>
  );
}
