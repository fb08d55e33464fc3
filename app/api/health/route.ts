import { config } from "@/lib/config";
import { getDb } from "@/lib/db/db";
import { checkHealth } from "@/lib/health/check-health";
import { getDocker } from "@/lib/runner/docker/docker-global";

export const dynamic = "force-dynamic";

/** Public: whether this server, its database and its Docker engine answer (503 when one it needs does not). */
export async function GET() {
  const health = await checkHealth(await getDb(), getDocker(), config.OSPREY_ROLE !== "web");
  return Response.json(health, { status: health.status === "UP" ? 200 : 503 });
}
