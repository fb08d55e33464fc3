"use client";

import type { ApiProblem } from "./flow-api";

/** The save errors beside the editor; each jumps to its line. */
export function ProblemsPanel({ problems, onSelect }: { problems: ApiProblem[]; onSelect: (p: ApiProblem) => void }) {
  if (problems.length === 0) return null;
  return (
    <aside
      className="w-96 shrink-0 overflow-auto border-l border-red-200 bg-red-50 p-3 text-sm"
      data-testid="problems"
      role="alert"
    >
      <h2 className="mb-2 font-semibold text-red-800">
        Not saved: {problems.length} problem{problems.length > 1 ? "s" : ""}
      </h2>
      <ul className="space-y-2">
        {problems.map((p, i) => (
          <li key={i}>
            <button onClick={() => onSelect(p)} className="w-full text-left hover:underline">
              {p.line ? (
                <span className="mr-2 font-mono text-xs text-red-700">
                  line {p.line}:{p.column}
                </span>
              ) : null}
              <span className="text-red-900">{p.message}</span>
            </button>
          </li>
        ))}
      </ul>
    </aside>
  );
}
