import { pageActor } from "@/lib/auth/page-actor";
import { canIn, canSomewhere, scopeOf } from "@/lib/auth/namespace-roles";
import Link from "next/link";
import { z } from "zod";
import { getDb } from "@/lib/db/db";
import { listFlowRows } from "@/lib/flows/list-flow-rows";
import { flowNamespaces } from "@/lib/flows/search-flows";
import { FlowsTable, type FlowListItem } from "@/components/flows/FlowsTable";
import { namespaceTree } from "@/components/flows/flow-filter";
import { Pager } from "@/components/ui/Pager";

export const dynamic = "force-dynamic";

const SIZE = 25;

/** The list's URL: `q` (words), `namespace` (and those under it), `labels` (key:value, comma-separated), `page`. */
const ZFlowsQuery = z.object({
  q: z.string().max(200).default(""),
  namespace: z.string().max(150).default(""),
  labels: z
    .string()
    .max(1000)
    .default("")
    .transform((v) => v.split(",").filter((l) => l.includes(":"))),
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
});

/** Every flow the viewer may read, a page at a time, filtered by the URL's search, namespace and labels. */
export default async function FlowsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | undefined>>;
}) {
  const actor = await pageActor("/flows");
  const query = await searchParams;
  const filter = ZFlowsQuery.catch({ q: "", namespace: "", labels: [], page: 1 }).parse(query);
  const db = await getDb();
  const scope = scopeOf(actor, "flow:read");
  const [{ rows, total }, namespaces] = await Promise.all([
    listFlowRows(db, scope, {
      words: filter.q,
      under: filter.namespace,
      labels: filter.labels,
      page: filter.page,
      size: SIZE,
    }),
    flowNamespaces(db, scope),
  ]);
  const flows: FlowListItem[] = rows.map((r) => ({
    ...r,
    updatedAt: r.updatedAt.toISOString(),
    lastExecution: r.lastExecution ? { ...r.lastExecution, createdAt: r.lastExecution.createdAt.toISOString() } : null,
    canRun: canIn(actor, "execution:run", r.namespace),
  }));
  const anyFlow = namespaces.length > 0;
  return (
    <div className="mx-auto max-w-7xl p-6">
      <div className="mb-4 flex items-center justify-between">
        <h1 className="text-xl font-semibold">
          Flows <span className="text-slate-500">({total.toLocaleString("en")})</span>
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
      {!anyFlow ? (
        <p className="rounded border border-dashed border-slate-300 p-8 text-center text-slate-500">
          No flows yet.{" "}
          <Link href="/flows/new" className="text-sky-700 underline">
            Write your first one
          </Link>
          .
        </p>
      ) : (
        <>
          <FlowsTable
            flows={flows}
            server={{
              filter: { q: filter.q, namespace: filter.namespace, labels: filter.labels },
              tree: namespaceTree(namespaces),
              total,
            }}
          />
          <Pager path="/flows" query={query} page={filter.page} size={SIZE} shown={rows.length} total={total} />
        </>
      )}
    </div>
  );
}
