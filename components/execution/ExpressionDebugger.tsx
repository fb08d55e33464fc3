"use client";

import { useState } from "react";
import { send } from "../ui/api";
import type { TaskRunView } from "./execution-types";

/** The eval API's answer (Kestra's EvalResult, with where an error is). */
interface EvalAnswer {
  result: string | null;
  error: string | null;
  position?: { line: number; column?: number };
}

/** How a task run reads in the context picker: its task, and its loop value when it has one. */
const runLabel = (r: TaskRunView) => `${r.taskId}${r.value != null ? ` [${r.value}]` : ""}`;

/**
 * Kestra's "debug outputs": an expression rendered against this execution's variables, or against
 * one task run's (its taskrun, parents, outputs as that task saw them). Secrets come back as ****.
 */
export function ExpressionDebugger({
  executionId,
  runs,
  onClose,
}: {
  executionId: string;
  runs: TaskRunView[];
  onClose: () => void;
}) {
  const [expression, setExpression] = useState("{{ outputs }}");
  const [taskRunId, setTaskRunId] = useState("");
  const [answer, setAnswer] = useState<EvalAnswer | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const evaluate = async () => {
    setBusy(true);
    setFailure(null);
    try {
      const path = `/api/v1/executions/${encodeURIComponent(executionId)}/eval${taskRunId ? `/${encodeURIComponent(taskRunId)}` : ""}`;
      setAnswer(
        await send<EvalAnswer>(path, { method: "POST", headers: { "Content-Type": "text/plain" }, body: expression }),
      );
    } catch (err) {
      setAnswer(null);
      setFailure((err as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section
      className="shrink-0 space-y-2 border-b border-slate-200 bg-white px-4 py-2 text-sm"
      aria-label="Expression debugger"
      data-testid="expression-debugger"
    >
      <div className="flex flex-wrap items-center gap-2">
        <span className="font-medium">Debug an expression</span>
        <label className="flex items-center gap-1 text-xs text-slate-600">
          as seen by
          <select
            value={taskRunId}
            onChange={(e) => setTaskRunId(e.target.value)}
            className="rounded border border-slate-300 bg-white px-1 py-0.5"
            aria-label="Context of the expression"
          >
            <option value="">the execution</option>
            {runs.map((r) => (
              <option key={r.id} value={r.id}>
                {runLabel(r)}
              </option>
            ))}
          </select>
        </label>
        <button
          type="button"
          onClick={() => void evaluate()}
          disabled={busy || !expression.trim()}
          className="rounded border border-sky-300 bg-white px-2 py-0.5 text-xs font-medium text-sky-800 hover:bg-sky-50 disabled:opacity-50"
        >
          {busy ? "Evaluating…" : "Evaluate"}
        </button>
        <span className="text-xs text-slate-500">Ctrl/Cmd+Enter</span>
        <button type="button" onClick={onClose} className="ml-auto text-xs text-slate-500 hover:underline">
          Close
        </button>
      </div>
      <textarea
        value={expression}
        onChange={(e) => setExpression(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
            e.preventDefault();
            void evaluate();
          }
        }}
        rows={3}
        spellCheck={false}
        aria-label="Pebble expression"
        placeholder="{{ outputs.my_task.value }}"
        className="w-full rounded border border-slate-300 p-2 font-mono text-xs"
      />
      {failure && (
        <p className="text-xs text-red-700" role="alert">
          {failure}
        </p>
      )}
      {answer?.error != null && (
        <div className="rounded bg-red-50 p-2 text-xs text-red-800" role="alert" data-testid="eval-error">
          {answer.position && (
            <span className="mr-2 font-semibold" data-testid="eval-position">
              line {answer.position.line}
              {answer.position.column !== undefined && `, column ${answer.position.column}`}
            </span>
          )}
          {answer.error}
        </div>
      )}
      {answer?.result != null && (
        <pre
          className="max-h-48 overflow-auto whitespace-pre-wrap rounded bg-slate-50 p-2 font-mono text-xs"
          data-testid="eval-result"
        >
          {answer.result}
        </pre>
      )}
    </section>
  );
}
