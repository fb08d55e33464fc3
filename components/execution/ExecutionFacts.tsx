import Link from "next/link";
import type { ExecutionViewData } from "./execution-types";

/** What the execution carries besides its task runs: labels and the flow's outputs (what started it is in the header). */
export function ExecutionFacts({ execution }: { execution: ExecutionViewData }) {
  // System labels (the correlation id every execution carries) are Osprey's, shown apart and quieter.
  const all = execution.labels ?? [];
  const labels = all.filter((l) => !l.key.startsWith("system."));
  const system = all.filter((l) => l.key.startsWith("system."));
  const outputs = execution.outputs ? Object.entries(execution.outputs) : [];
  if (all.length === 0 && outputs.length === 0) return null;
  return (
    <div
      className="flex flex-wrap items-center gap-3 border-b border-slate-200 bg-white px-4 py-1.5 text-xs"
      data-testid="execution-facts"
    >
      {labels.map((l) => (
        <Link
          key={l.key}
          href={`/executions?labels=${encodeURIComponent(`${l.key}:${l.value}`)}`}
          className="rounded bg-slate-100 px-1.5 py-0.5 text-slate-700 hover:bg-sky-100"
          data-testid="execution-label"
        >
          {l.key}:{l.value}
        </Link>
      ))}
      {system.map((l) => (
        <Link
          key={l.key}
          href={`/executions?labels=${encodeURIComponent(`${l.key}:${l.value}`)}`}
          className="text-slate-500 hover:text-sky-700"
          title="executions of the same chain"
          data-testid="execution-system-label"
        >
          {l.key}:{l.value.slice(0, 8)}
        </Link>
      ))}
      {outputs.length > 0 && (
        <span data-testid="flow-outputs">
          <span className="text-slate-500">outputs </span>
          {outputs.map(([key, value]) => (
            <span key={key} className="mr-2 font-mono">
              {key}=<span className="text-slate-700">{typeof value === "string" ? value : JSON.stringify(value)}</span>
            </span>
          ))}
        </span>
      )}
    </div>
  );
}
