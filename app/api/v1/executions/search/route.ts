import { getDb } from "@/lib/db/db";
import { searchExecutions, ZExecutionSearch } from "@/lib/executions/search-executions";
import { handleRoute } from "@/lib/http/handle-route";
import { queryOf } from "@/lib/values/paging";

export const dynamic = "force-dynamic";

/** GET — executions newest first: `namespace` (prefix), `flowId`, `state`, `startDate`, `endDate`, `page`, `size`. */
export const GET = handleRoute(
  { permission: "execution:read", namespaces: "visible" },
  async (request, _context, _actor, scope) => {
    return Response.json(await searchExecutions(await getDb(), ZExecutionSearch.parse(queryOf(request)), scope));
  },
);
