import { getDb } from "@/lib/db/db";
import { handleRoute } from "@/lib/http/handle-route";
import { queryOf } from "@/lib/values/paging";
import { dashboardStats } from "@/lib/stats/dashboard-stats";
import { ZDashboardQuery } from "@/lib/stats/stats-query";

export const dynamic = "force-dynamic";

/** GET — the home dashboard's figures (`range` 24h or 30d, `utcOffset` minutes), from the namespaces the viewer may read. */
export const GET = handleRoute(
  { permission: "execution:read", namespaces: "visible" },
  async (request, _context, _actor, scope) => {
    const q = ZDashboardQuery.parse(queryOf(request));
    return Response.json(await dashboardStats(await getDb(), { range: q.range, utcOffsetMinutes: q.utcOffset }, scope));
  },
);
