import Link from "next/link";
import { scopeOf } from "@/lib/auth/namespace-roles";
import { pageActor } from "@/lib/auth/page-actor";
import { getDb } from "@/lib/db/db";
import { parseExecutionSearch, searchExecutions } from "@/lib/executions/search-executions";
import { STATES as EXECUTION_STATES } from "@/lib/states/states";
import { formatDuration, formatTime } from "@/components/ui/format";
import { StateBadge } from "@/components/ui/StateBadge";
import { StartedBy } from "@/components/execution/StartedBy";
import { formatTotal, Pager } from "@/components/ui/Pager";

export const dynamic = "force-dynamic";

const field = "rounded border border-slate-300 px-2 py-1 text-sm";

/** The list's orders (lib/executions/search-executions.ts), the default first. */
const SORTS: [string, string][] = [
  ["", "newest first"],
  ["createdAt:asc", "oldest first"],
  ["endedAt:desc", "ended, newest first"],
  ["endedAt:asc", "ended, oldest first"],
];

/** Executions newest first, filtered and sorted by the form's fields, 50 a page (a plain GET form: the URL is the view). */
export default async function ExecutionsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | undefined>>;
}) {
  const actor = await pageActor("/executions");
  const query = await searchParams;
  const parsed = parseExecutionSearch({ ...query, size: query.size ?? "50" });
  const { results, total, totalCapped } = parsed.success
    ? await searchExecutions(await getDb(), parsed.data, scopeOf(actor, "execution:read"))
    : { results: [], total: 0, totalCapped: false };
  return (
    <div className="mx-auto max-w-6xl p-6">
      <h1 className="mb-4 text-xl font-semibold">
        Executions <span className="text-slate-500">({formatTotal(total, totalCapped)})</span>
      </h1>
      <form className="mb-4 flex flex-wrap items-end gap-2" data-testid="execution-filters">
        <input
          name="namespace"
          placeholder="namespace"
          defaultValue={query.namespace ?? ""}
          className={field}
          aria-label="Namespace"
        />
        <input
          name="flowId"
          placeholder="flow id"
          defaultValue={query.flowId ?? ""}
          className={field}
          aria-label="Flow"
        />
        <select name="state" defaultValue={query.state ?? ""} className={field} aria-label="State">
          <option value="">any state</option>
          {EXECUTION_STATES.map((s) => (
            <option key={s}>{s}</option>
          ))}
        </select>
        <input
          name="labels"
          placeholder="label key:value"
          defaultValue={query.labels ?? ""}
          className={field}
          aria-label="Labels"
        />
        <label className="text-xs text-slate-500">
          from
          <input
            type="datetime-local"
            name="startDate"
            defaultValue={query.startDate ?? ""}
            className={`${field} ml-1`}
          />
        </label>
        <label className="text-xs text-slate-500">
          to
          <input type="datetime-local" name="endDate" defaultValue={query.endDate ?? ""} className={`${field} ml-1`} />
        </label>
        <select name="sort" defaultValue={query.sort ?? ""} className={field} aria-label="Sort">
          {SORTS.map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
        <button type="submit" className="rounded bg-sky-700 px-3 py-1 text-sm font-medium text-white hover:bg-sky-800">
          Filter
        </button>
        <Link href="/executions" className="text-sm text-slate-500 hover:underline">
          clear
        </Link>
      </form>
      {!parsed.success && (
        <p role="alert" className="mb-3 text-sm text-red-700">
          {parsed.error.issues[0]?.path.join(".")}: {parsed.error.issues[0]?.message}
        </p>
      )}
      <table className="w-full rounded border border-slate-200 bg-white text-sm" data-testid="executions">
        <thead className="bg-slate-100 text-left text-slate-600">
          <tr>
            <th className="p-2">Id</th>
            <th className="p-2">Flow</th>
            <th className="p-2">State</th>
            <th className="p-2">Created</th>
            <th className="p-2">Duration</th>
            <th className="p-2">Started by</th>
            <th className="p-2">Labels</th>
          </tr>
        </thead>
        <tbody>
          {results.map((e) => (
            <tr key={e.id} className="border-t border-slate-100 hover:bg-slate-50" data-execution={e.id}>
              <td className="p-2 font-mono text-xs">
                <Link className="text-sky-700 hover:underline" href={`/executions/${e.id}`}>
                  {e.id.slice(0, 8)}
                </Link>
              </td>
              <td className="p-2">
                <span className="text-slate-500">{e.namespace}.</span>
                {e.flowId} <span className="text-xs text-slate-500">rev {e.flowRevision}</span>
              </td>
              <td className="p-2">
                <StateBadge state={e.state} />
              </td>
              <td className="p-2 text-slate-500">{formatTime(e.createdAt)}</td>
              <td className="p-2 text-slate-500">{formatDuration(e.startedAt, e.endedAt)}</td>
              <td className="p-2 text-slate-500">
                <StartedBy execution={e} compact />
              </td>
              <td className="p-2" data-testid="labels">
                {e.labels.map((l) => (
                  <Link
                    key={l.key}
                    href={`/executions?labels=${encodeURIComponent(`${l.key}:${l.value}`)}`}
                    className="mr-1 inline-block rounded bg-slate-100 px-1.5 py-0.5 text-xs text-slate-700 hover:bg-sky-100"
                  >
                    {l.key}:{l.value}
                  </Link>
                ))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {parsed.success && (
        <Pager
          path="/executions"
          query={query}
          page={parsed.data.page}
          size={parsed.data.size}
          shown={results.length}
          total={total}
          capped={totalCapped}
        />
      )}
    </div>
  );
}
