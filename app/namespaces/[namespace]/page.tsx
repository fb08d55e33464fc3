import Link from "next/link";
import { redirect } from "next/navigation";
import { getDb } from "@/lib/db/db";
import { namespaceOverview, namespacesUnder } from "@/lib/namespaces/namespace-overview";
import { scopeOf } from "@/lib/auth/namespace-roles";
import { ExecutionRows } from "@/components/namespaces/ExecutionRows";
import { NAMESPACE_TABS, tabHref } from "@/components/namespaces/namespace-tabs";
import { StateBadge } from "@/components/ui/StateBadge";
import { namespaceContext } from "./namespace-context";

export const dynamic = "force-dynamic";

/** The Overview tab: flows, the last week's executions by state, the latest runs and failures. `?tab=kv` opens a tab. */
export default async function NamespaceOverviewPage({
  params,
  searchParams,
}: {
  params: Promise<{ namespace: string }>;
  searchParams: Promise<{ tab?: string }>;
}) {
  const { actor, namespace, rights } = await namespaceContext(params, "");
  const { tab } = await searchParams;
  const asked = NAMESPACE_TABS.find((t) => t.slug === tab);
  if (asked) redirect(tabHref(namespace, asked.slug));
  if (!rights.read) return null;
  const db = await getDb();
  const namespaces = await namespacesUnder(db, namespace, scopeOf(actor, "execution:read").allows);
  const overview = await namespaceOverview(db, namespaces);
  const states = Object.entries(overview.lastWeek).sort(([a], [b]) => a.localeCompare(b));
  return (
    <div className="space-y-6" data-testid="namespace-overview">
      <section className="flex flex-wrap gap-4">
        <Link
          href={tabHref(namespace, "flows")}
          className="rounded border border-slate-200 bg-white px-4 py-3 hover:border-sky-300"
          data-testid="overview-flows"
        >
          <span className="block text-2xl font-semibold">{overview.flowCount}</span>
          <span className="text-sm text-slate-500">flows here and below</span>
        </Link>
        <div className="rounded border border-slate-200 bg-white px-4 py-3" data-testid="overview-week">
          <span className="mb-1 block text-sm text-slate-500">Executions, last 7 days</span>
          {states.length === 0 ? (
            <span className="text-sm text-slate-500">none</span>
          ) : (
            <span className="flex flex-wrap gap-2">
              {states.map(([state, count]) => (
                <span key={state} className="flex items-center gap-1 text-sm">
                  <StateBadge state={state} /> {count}
                </span>
              ))}
            </span>
          )}
        </div>
      </section>
      <section>
        <h2 className="mb-2 font-semibold">Recent executions</h2>
        <ExecutionRows rows={overview.recent} testId="overview-recent" empty="No executions yet." />
      </section>
      <section>
        <h2 className="mb-2 font-semibold">Failures</h2>
        <ExecutionRows rows={overview.failures} testId="overview-failures" empty="No failed executions." />
      </section>
    </div>
  );
}
