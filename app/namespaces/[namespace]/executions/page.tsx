import Link from "next/link";
import { scopeOf } from "@/lib/auth/namespace-roles";
import { getDb } from "@/lib/db/db";
import { namespaceExecutions, namespacesUnder } from "@/lib/namespaces/namespace-overview";
import { ZPaging } from "@/lib/values/paging";
import { ExecutionRows } from "@/components/namespaces/ExecutionRows";
import { tabHref } from "@/components/namespaces/namespace-tabs";
import { namespaceContext } from "../namespace-context";

export const dynamic = "force-dynamic";

const SIZE = 50;

/** The Executions tab: the namespace's and its children's executions, newest first, a page at a time (`?page=`). */
export default async function NamespaceExecutionsPage({
  params,
  searchParams,
}: {
  params: Promise<{ namespace: string }>;
  searchParams: Promise<{ page?: string }>;
}) {
  const { actor, namespace, rights } = await namespaceContext(params, "executions");
  if (!rights.read) return null;
  const paging = ZPaging.safeParse({ page: (await searchParams).page, size: SIZE });
  const page = paging.success ? paging.data.page : 1;
  const db = await getDb();
  const namespaces = await namespacesUnder(db, namespace, scopeOf(actor, "execution:read").allows);
  const { total, results } = await namespaceExecutions(db, namespaces, page, SIZE);
  const pages = Math.max(1, Math.ceil(total / SIZE));
  const at = (p: number) => `${tabHref(namespace, "executions")}?page=${p}`;
  return (
    <div data-testid="namespace-executions">
      <div className="mb-3 flex items-center justify-between text-sm text-slate-500">
        <p>
          {total} execution{total === 1 ? "" : "s"} in {namespace} and below.{" "}
          <Link
            href={`/executions?namespace=${encodeURIComponent(namespace)}`}
            className="text-sky-700 hover:underline"
          >
            Filter them on the Executions page
          </Link>
        </p>
        {pages > 1 && (
          <nav aria-label="Pages" className="flex items-center gap-2">
            {page > 1 && <Link href={at(page - 1)}>Newer</Link>}
            <span>
              page {page} of {pages}
            </span>
            {page < pages && <Link href={at(page + 1)}>Older</Link>}
          </nav>
        )}
      </div>
      <ExecutionRows rows={results} testId="namespace-execution-rows" empty="No executions here." />
    </div>
  );
}
