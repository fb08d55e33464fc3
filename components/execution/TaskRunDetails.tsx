import type { TaskRunView } from "./execution-types";
import { formatDuration, formatUsage } from "../ui/format";
import { ranOn } from "./ran-on";
import { State } from "@/lib/states/states";

/** One task run's facts: duration, exit code, attempt, error, outputs, metrics, properties, files. */
export function TaskRunDetails({
  executionId,
  run,
  onReplay,
}: {
  executionId: string;
  run: TaskRunView;
  onReplay?: () => void;
}) {
  const files = Object.entries(run.outputs?.outputFiles ?? {});
  return (
    <div className="mt-1 space-y-1 text-xs text-slate-600">
      <div>
        {formatDuration(run.startedAt, run.endedAt)}
        {run.exitCode !== null && <> · exit code {run.exitCode}</>}
        {run.attempt > 1 && <> · attempt {run.attempt}</>}
        {ranOn(run) && <span data-testid="ran-on"> · {ranOn(run)}</span>}
        {formatUsage(run) && (
          <span
            data-testid="container-usage"
            title="What the container used, from Docker's stats: size memory.memory from the peak"
          >
            {" "}
            · {formatUsage(run)}
          </span>
        )}
        {onReplay && (
          <button
            onClick={onReplay}
            className="ml-2 text-sky-700 hover:underline"
            title="A new execution: what ran before this task is kept, this task and what follows run again"
          >
            ⟲ Replay from here
          </button>
        )}
      </div>
      {run.error && <div className={run.state === State.WARNING ? "text-amber-700" : "text-red-700"}>{run.error}</div>}
      {run.outputs?.imageId && (
        <div className="truncate font-mono" title={run.outputs.imageId}>
          image {run.outputs.imageId.slice(7, 19)}
        </div>
      )}
      {run.outputs?.vars && Object.keys(run.outputs.vars).length > 0 && (
        <pre className="overflow-auto rounded bg-slate-50 p-1" data-testid="outputs">
          {JSON.stringify(run.outputs.vars, null, 2)}
        </pre>
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
              <a
                className="text-sky-700 hover:underline"
                href={`/api/v1/executions/${executionId}/file?path=${encodeURIComponent(uri)}`}
              >
                ⬇ {name}
              </a>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
