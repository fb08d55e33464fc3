import { z } from "zod";
import { getDb } from "@/lib/db/db";
import { searchFlows } from "@/lib/flows/search-flows";
import { handleRoute } from "@/lib/http/handle-route";
import { queryOf, ZPaging } from "@/lib/values/paging";

export const dynamic = "force-dynamic";

const ZQuery = ZPaging.extend({ q: z.string().max(200).optional(), namespace: z.string().max(150).optional() });

export const GET = handleRoute(
  { permission: "flow:read", namespaces: "visible" },
  async (request, _context, _actor, scope) => {
    const query = ZQuery.parse(queryOf(request));
    const { total, results } = await searchFlows(await getDb(), query, scope);
    return Response.json({
      total,
      results: results.map((f) => ({
        namespace: f.namespace,
        id: f.flowId,
        revision: f.revision,
        updated: f.updatedAt,
      })),
    });
  },
);
