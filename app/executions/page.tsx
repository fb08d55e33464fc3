import { pageActor } from "@/lib/auth/page-actor";
import Link from "next/link";
import { getDb } from "@/lib/db/db";
import { searchExecutions } from "@/lib/executor/search-executions";
import { formatDuration, formatTime } from "@/components/ui/format";
import { StateBadge } from "@/components/ui/StateBadge";

export const dynamic = "force-dynamic";

export default async function ExecutionsPage() {
  await pageActor("/executions");
  const { results, total } = await searchExecutions(await getDb(), { page: 1, size: 100 });
  return (
    <div className="mx-auto max-w-6xl p-6">
      <h1 className="mb-4 text-xl font-semibold">Executions <span className="text-slate-400">({total})</span></h1>
      <table className="w-full rounded border border-slate-200 bg-white text-sm">
        <thead className="bg-slate-100 text-left text-slate-600">
          <tr><th className="p-2">Id</th><th className="p-2">Flow</th><th className="p-2">State</th><th className="p-2">Created</th><th className="p-2">Duration</th></tr>
        </thead>
        <tbody>
          {results.map((e) => (
            <tr key={e.id} className="border-t border-slate-100 hover:bg-slate-50">
              <td className="p-2 font-mono text-xs"><Link className="text-sky-700 hover:underline" href={`/executions/${e.id}`}>{e.id.slice(0, 8)}</Link></td>
              <td className="p-2"><span className="text-slate-500">{e.namespace}.</span>{e.flowId} <span className="text-xs text-slate-400">rev {e.flowRevision}</span></td>
              <td className="p-2"><StateBadge state={e.state} /></td>
              <td className="p-2 text-slate-500">{formatTime(e.createdAt)}</td>
              <td className="p-2 text-slate-500">{formatDuration(e.startedAt, e.endedAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
