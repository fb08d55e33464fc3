import { pageActor } from "@/lib/auth/page-actor";
import { canIn, canSomewhere, scopeOf } from "@/lib/auth/namespace-roles";
import Link from "next/link";
import { getDb } from "@/lib/db/db";
import { listFlowRows } from "@/lib/flows/list-flow-rows";
import { FlowsTable, type FlowListItem } from "@/components/flows/FlowsTable";

export const dynamic = "force-dynamic";

export default async function FlowsPage() {
  const actor = await pageActor("/flows");
  const { rows, total } = await listFlowRows(await getDb(), scopeOf(actor, "flow:read"));
  const flows: FlowListItem[] = rows.map((r) => ({
    ...r,
    updatedAt: r.updatedAt.toISOString(),
    lastExecution: r.lastExecution ? { ...r.lastExecution, createdAt: r.lastExecution.createdAt.toISOString() } : null,
    canRun: canIn(actor, "execution:run", r.namespace),
  }));
  return (
    <div className="mx-auto max-w-7xl p-6">
      <div className="mb-4 flex items-center justify-between">
        <h1 className="text-xl font-semibold">
          Flows <span className="text-slate-500">({total})</span>
        </h1>
        {canSomewhere(actor, "flow:write") && (
          <div className="flex gap-2">
            <Link
              href="/flows/import"
              className="rounded border border-slate-300 bg-white px-3 py-1.5 text-sm hover:bg-slate-50"
            >
              Import
            </Link>
            <Link
              href="/flows/new"
              className="rounded bg-sky-700 px-3 py-1.5 text-sm font-medium text-white hover:bg-sky-800"
            >
              New flow
            </Link>
          </div>
        )}
      </div>
      {rows.length === 0 ? (
        <p className="rounded border border-dashed border-slate-300 p-8 text-center text-slate-500">
          No flows yet.{" "}
          <Link href="/flows/new" className="text-sky-700 underline">
            Write your first one
          </Link>
          .
        </p>
      ) : (
        <>
          {total > rows.length && (
            <p className="mb-2 text-xs text-amber-700">
              Showing the {rows.length} most recently changed of {total} flows.
            </p>
          )}
          <FlowsTable flows={flows} />
        </>
      )}
    </div>
  );
}
