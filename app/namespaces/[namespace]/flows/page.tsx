import Link from "next/link";
import { canIn, covers, scopeOf } from "@/lib/auth/namespace-roles";
import { getDb } from "@/lib/db/db";
import { listFlowRows } from "@/lib/flows/list-flow-rows";
import { type FlowListItem, FlowsTable } from "@/components/flows/FlowsTable";
import { namespaceContext } from "../namespace-context";

export const dynamic = "force-dynamic";

/** The Flows tab: the flows of the namespace and those below it, as the flows list shows them. */
export default async function NamespaceFlowsPage({ params }: { params: Promise<{ namespace: string }> }) {
  const { actor, namespace, rights } = await namespaceContext(params, "flows");
  if (!rights.read) return null;
  const visible = scopeOf(actor, "flow:read");
  const { rows, total } = await listFlowRows(await getDb(), {
    everywhere: false,
    allows: (ns) => covers(namespace, ns) && visible.allows(ns),
  });
  const flows: FlowListItem[] = rows.map((r) => ({
    ...r,
    updatedAt: r.updatedAt.toISOString(),
    lastExecution: r.lastExecution ? { ...r.lastExecution, createdAt: r.lastExecution.createdAt.toISOString() } : null,
    canRun: canIn(actor, "execution:run", r.namespace),
  }));
  return (
    <div data-testid="namespace-flows">
      <div className="mb-3 flex items-center justify-between">
        <p className="text-sm text-slate-500">
          {total} flow{total === 1 ? "" : "s"} in {namespace} and below
          {total > rows.length ? ` (the ${rows.length} most recently changed)` : ""}.
        </p>
        {rights.write && (
          <Link
            href="/flows/new"
            className="rounded bg-sky-700 px-3 py-1.5 text-sm font-medium text-white hover:bg-sky-800"
          >
            New flow
          </Link>
        )}
      </div>
      {rows.length === 0 ? (
        <p className="rounded border border-dashed border-slate-300 p-8 text-center text-slate-500">No flows here.</p>
      ) : (
        <FlowsTable flows={flows} />
      )}
    </div>
  );
}
