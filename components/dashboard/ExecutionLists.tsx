import Link from "next/link";
import { formatDuration, formatTime } from "../ui/format";
import { StateBadge } from "../ui/StateBadge";
import type { DashboardData } from "./dashboard-types";

/** The last 24 hours' failed executions, newest first, each a link to its page. */
export function FailuresList({ failures }: { failures: DashboardData["failures"] }) {
  if (failures.recent.length === 0)
    return <p className="py-4 text-sm text-slate-500">No failures in the last 24 hours.</p>;
  return (
    <ul className="divide-y divide-slate-100 text-sm" data-testid="failures">
      {failures.recent.map((e) => (
        <li key={e.id} className="py-1.5" data-execution={e.id}>
          <div className="flex items-baseline gap-2">
            <StateBadge state={e.state} />
            <Link
              href={`/executions/${e.id}`}
              className="min-w-0 flex-1 truncate font-medium text-sky-700 hover:underline"
            >
              <span className="text-slate-500">{e.namespace}.</span>
              {e.flowId}
            </Link>
            <span className="shrink-0 text-xs text-slate-500">{formatTime(e.createdAt)}</span>
          </div>
          {e.error && (
            <p className="mt-0.5 truncate text-xs text-red-700" title={e.error}>
              {e.error}
            </p>
          )}
        </li>
      ))}
      {failures.count > failures.recent.length && (
        <li className="py-1.5 text-xs">
          <Link href="/executions?state=FAILED" className="text-sky-700 hover:underline">
            all {failures.count} failures…
          </Link>
        </li>
      )}
    </ul>
  );
}

/** Executions not finished yet (created, queued, running, paused…), with how long they have been going. */
export function RunningList({ running }: { running: DashboardData["running"] }) {
  if (running.recent.length === 0) return <p className="py-4 text-sm text-slate-500">Nothing running.</p>;
  return (
    <ul className="divide-y divide-slate-100 text-sm" data-testid="running">
      {running.recent.map((e) => (
        <li key={e.id} className="flex items-baseline gap-2 py-1.5" data-execution={e.id}>
          <StateBadge state={e.state} />
          <Link
            href={`/executions/${e.id}`}
            className="min-w-0 flex-1 truncate font-medium text-sky-700 hover:underline"
          >
            <span className="text-slate-500">{e.namespace}.</span>
            {e.flowId}
          </Link>
          <span className="shrink-0 text-xs text-slate-500">{formatDuration(e.startedAt ?? e.createdAt, null)}</span>
        </li>
      ))}
      {running.count > running.recent.length && (
        <li className="py-1.5 text-xs text-slate-500">and {running.count - running.recent.length} more</li>
      )}
    </ul>
  );
}
