import { getDb } from "@/lib/db/db";
import { handleRoute } from "@/lib/http/handle-route";
import { collectMetrics } from "@/lib/metrics/collect-metrics";
import { formatMetrics } from "@/lib/metrics/prometheus";

export const dynamic = "force-dynamic";

/** Prometheus metrics, for admins (a session or an API token: `Authorization: Bearer …`). */
export const GET = handleRoute("user:manage", async () => {
  const text = formatMetrics(await collectMetrics(await getDb()));
  return new Response(text, { headers: { "Content-Type": "text/plain; version=0.0.4; charset=utf-8" } });
});
