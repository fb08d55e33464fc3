import Link from "next/link";
import { canIn, scopeOf } from "@/lib/auth/namespace-roles";
import { pageActor } from "@/lib/auth/page-actor";
import { getDb } from "@/lib/db/db";
import { searchNamespaces, ZNamespaceSearch } from "@/lib/namespaces/namespace-list";
import { getStorage } from "@/lib/storage/storage-global";
import { NamespaceJump } from "@/components/namespaces/NamespaceJump";

export const dynamic = "force-dynamic";

const SIZE = 100;

/** Every namespace the viewer may see (from flows, files, KV and secrets), filtered by `?q=`, a page at a time. */
export default async function NamespacesPage({
  searchParams,
}: {
  searchParams: Promise<{ q?: string; page?: string }>;
}) {
  const actor = await pageActor("/namespaces");
  const query = await searchParams;
  const parsed = ZNamespaceSearch.safeParse({ q: query.q || undefined, page: query.page, size: SIZE });
  const search = parsed.success ? parsed.data : { page: 1, size: SIZE };
  const { total, results } = await searchNamespaces(
    await getDb(),
    getStorage(),
    search,
    scopeOf(actor, "flow:read"),
    (ns) => canIn(actor, "secret:write", ns),
  );
  const pages = Math.max(1, Math.ceil(total / SIZE));
  const at = (p: number) =>
    `/namespaces?${new URLSearchParams({ ...(search.q ? { q: search.q } : {}), page: String(p) })}`;
  return (
    <div className="mx-auto max-w-5xl p-6">
      <div className="mb-4 flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-xl font-semibold">
          Namespaces <span className="text-slate-500">({total})</span>
        </h1>
        <NamespaceJump />
      </div>
      <form className="mb-3 flex items-center gap-2 text-sm">
        <input
          type="search"
          name="q"
          aria-label="Filter namespaces"
          placeholder="filter by name"
          defaultValue={search.q ?? ""}
          className="w-64 rounded border border-slate-300 px-2 py-1"
        />
        <button type="submit" className="rounded bg-sky-700 px-3 py-1 font-medium text-white hover:bg-sky-800">
          Filter
        </button>
      </form>
      {results.length === 0 ? (
        <p className="rounded border border-dashed border-slate-300 p-8 text-center text-slate-500">
          No namespaces{search.q ? ` matching “${search.q}”` : ""}. A namespace appears once a flow, a file, a KV pair
          or a secret is in it.
        </p>
      ) : (
        <table className="w-full rounded border border-slate-200 bg-white text-sm" data-testid="namespaces">
          <thead className="bg-slate-100 text-left text-slate-600">
            <tr>
              <th className="p-2">Namespace</th>
              <th className="p-2 text-right">Flows</th>
              <th className="p-2 text-right">KV pairs</th>
              <th className="p-2 text-right">Secrets</th>
              <th className="p-2">Files</th>
            </tr>
          </thead>
          <tbody>
            {results.map((ns) => {
              const depth = ns.id.split(".").length - 1;
              return (
                <tr key={ns.id} className="border-t border-slate-100 hover:bg-slate-50" data-namespace={ns.id}>
                  <td className="p-2 font-mono" style={{ paddingLeft: `${0.5 + depth * 1.25}rem` }}>
                    <Link href={`/namespaces/${encodeURIComponent(ns.id)}`} className="text-sky-700 hover:underline">
                      {ns.id}
                    </Link>
                  </td>
                  <td className="p-2 text-right">{ns.flowCount || ""}</td>
                  <td className="p-2 text-right">{ns.kvCount || ""}</td>
                  <td className="p-2 text-right">{ns.secretCount || ""}</td>
                  <td className="p-2">{ns.hasFiles ? "yes" : ""}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {pages > 1 && (
        <nav aria-label="Pages" className="mt-3 flex items-center gap-3 text-sm text-slate-600">
          {search.page > 1 && <Link href={at(search.page - 1)}>Previous</Link>}
          <span>
            page {search.page} of {pages}
          </span>
          {search.page < pages && <Link href={at(search.page + 1)}>Next</Link>}
        </nav>
      )}
    </div>
  );
}
