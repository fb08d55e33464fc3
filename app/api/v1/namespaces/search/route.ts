import { canIn } from "@/lib/auth/namespace-roles";
import { getDb } from "@/lib/db/db";
import { handleRoute } from "@/lib/http/handle-route";
import { searchNamespaces, ZNamespaceSearch } from "@/lib/namespaces/namespace-list";
import { getStorage } from "@/lib/storage/storage-global";
import { queryOf } from "@/lib/values/paging";

export const dynamic = "force-dynamic";

/**
 * GET ?q=&page=&size= — Kestra's namespace search: `{results: [{id, deleted, …}], total}`, from
 * flows, KV, secrets and namespace files, with their parents; only namespaces the caller may read.
 */
export const GET = handleRoute(
  { permission: "flow:read", namespaces: "visible" },
  async (request, _ctx, actor, scope) => {
    const search = ZNamespaceSearch.parse(queryOf(request));
    const showSecrets = (ns: string) => canIn(actor, "secret:write", ns);
    return Response.json(await searchNamespaces(await getDb(), getStorage(), search, scope, showSecrets));
  },
);
