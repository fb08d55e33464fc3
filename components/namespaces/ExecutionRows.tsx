import Link from "next/link";
import { formatDuration, formatTime } from "../ui/format";
import { StateBadge } from "../ui/StateBadge";

/** An execution as a namespace page lists it (dates as the server read them). */
export interface ExecutionRow {
  id: string;
  namespace: string;
  flowId: string;
  flowRevision: number;
  state: string;
  error: string | null;
  createdAt: Date;
  startedAt: Date | null;
  endedAt: Date | null;
}

/** Executions in a table: each links to its page and its flow; a failure shows its error. */
export function ExecutionRows({ rows, testId, empty }: { rows: ExecutionRow[]; testId: string; empty: string }) {
  if (rows.length === 0) return <p className="text-sm text-slate-500">{empty}</p>;
  return (
    <table className="w-full rounded border border-slate-200 bg-white text-sm" data-testid={testId}>
      <thead className="bg-slate-100 text-left text-slate-600">
        <tr>
          <th className="p-2">Id</th>
          <th className="p-2">Flow</th>
          <th className="p-2">State</th>
          <th className="p-2">Created</th>
          <th className="p-2">Duration</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((e) => (
          <tr key={e.id} className="border-t border-slate-100 align-top" data-execution={e.id}>
            <td className="p-2 font-mono text-xs">
              <Link className="text-sky-700 hover:underline" href={`/executions/${e.id}`}>
                {e.id.slice(0, 8)}
              </Link>
            </td>
            <td className="p-2">
              <Link href={`/flows/${e.namespace}/${e.flowId}`} className="hover:underline">
                <span className="text-slate-500">{e.namespace}.</span>
                {e.flowId}
              </Link>
              {e.error && <p className="max-w-xl truncate text-xs text-red-700">{e.error}</p>}
            </td>
            <td className="p-2">
              <StateBadge state={e.state} />
            </td>
            <td className="p-2 text-slate-500">{formatTime(e.createdAt)}</td>
            <td className="p-2 text-slate-500">{formatDuration(e.startedAt, e.endedAt)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
