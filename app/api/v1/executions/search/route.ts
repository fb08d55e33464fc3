import { z } from "zod";
import { getDb } from "@/lib/db/db";
import { EXECUTION_STATES } from "@/lib/executor/states";
import { searchExecutions } from "@/lib/executor/search-executions";
import { handleRoute } from "@/lib/http/handle-route";
import { queryOf, ZPaging } from "@/lib/http/params";

export const dynamic = "force-dynamic";

const ZQuery = ZPaging.extend({
  namespace: z.string().max(150).optional(),
  flowId: z.string().max(100).optional(),
  state: z.enum(EXECUTION_STATES).optional(),
});

export const GET = handleRoute("execution:read", async (request) => {
  return Response.json(await searchExecutions(await getDb(), ZQuery.parse(queryOf(request))));
});
