import { z } from "zod";
import { getDb } from "@/lib/db/db";
import { scopeOf } from "@/lib/auth/namespace-roles";
import { handleRoute } from "@/lib/http/handle-route";
import { queryOf, ZPaging } from "@/lib/values/paging";
import { searchTriggerStates } from "@/lib/triggers/trigger-state-search";

export const dynamic = "force-dynamic";

const ZQuery = ZPaging.extend({
  q: z.string().max(200).optional(),
  namespace: z.string().max(150).optional(),
  flowId: z.string().max(100).optional(),
});

/** GET — every flow trigger the person may see, with its next and last run (Kestra's shape); webhook keys only where they may edit. */
export const GET = handleRoute(
  { permission: "flow:read", namespaces: "visible" },
  async (request, _context, actor, scope) => {
    const query = ZQuery.parse(queryOf(request));
    return Response.json(await searchTriggerStates(await getDb(), query, scope, scopeOf(actor, "flow:write")));
  },
);
