import { pageActor } from "@/lib/auth/page-actor";
import { canSomewhere, scopeOf } from "@/lib/auth/namespace-roles";
import Link from "next/link";
import { getDb } from "@/lib/db/db";
import { searchFlows } from "@/lib/flows/search-flows";
import { formatTime } from "@/components/ui/format";

export const dynamic = "force-dynamic";

export default async function FlowsPage() {
  const actor = await pageActor("/flows");
  const { results, total } = await searchFlows(await getDb(), { page: 1, size: 200 }, scopeOf(actor, "flow:read"));
  return (
    <div className="mx-auto max-w-5xl p-6">
      <div className="mb-4 flex items-center justify-between">
        <h1 className="text-xl font-semibold">Flows <span className="text-slate-400">({total})</span></h1>
        {canSomewhere(actor, "flow:write") && (
          <div className="flex gap-2">
            <Link href="/flows/import" className="rounded border border-slate-300 bg-white px-3 py-1.5 text-sm hover:bg-slate-50">
              Import
            </Link>
            <Link href="/flows/new" className="rounded bg-sky-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-sky-700">
              New flow
            </Link>
          </div>
        )}
      </div>
      {results.length === 0 ? (
        <p className="rounded border border-dashed border-slate-300 p-8 text-center text-slate-500">
          No flows yet. <Link href="/flows/new" className="text-sky-700 underline">Write your first one</Link>.
        </p>
      ) : (
        <table className="w-full overflow-hidden rounded border border-slate-200 bg-white text-sm">
          <thead className="bg-slate-100 text-left text-slate-600">
            <tr><th className="p-2">Namespace</th><th className="p-2">Id</th><th className="p-2">Revision</th><th className="p-2">Updated</th></tr>
          </thead>
          <tbody>
            {results.map((f) => (
              <tr key={f.id} className="border-t border-slate-100 hover:bg-slate-50">
                <td className="p-2 text-slate-600">{f.namespace}</td>
                <td className="p-2"><Link className="font-medium text-sky-700 hover:underline" href={`/flows/${f.namespace}/${f.flowId}`}>{f.flowId}</Link></td>
                <td className="p-2">{f.revision}</td>
                <td className="p-2 text-slate-500">{formatTime(f.updatedAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
