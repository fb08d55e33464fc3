import { z } from "zod";
import { ZStatsRange } from "./buckets";

/** Query of GET /api/v1/stats/dashboard: `range` (24h, 30d) and the viewer's `utcOffset` in minutes (local minus UTC). */
export const ZDashboardQuery = z.object({
  range: ZStatsRange.default("24h"),
  utcOffset: z.coerce.number().int().min(-840).max(840).default(0),
});
