import { config } from "@/lib/config";
import { getDb } from "@/lib/db/db";
import { checkHealth } from "@/lib/health/check-health";
import { getDocker } from "@/lib/runner/docker/docker-global";
import { checkStorage } from "@/lib/storage/storage-global";

export const dynamic = "force-dynamic";

/** Public: whether this server, its database, its Docker engine and its file store answer (503 when one it needs does not). */
export async function GET() {
  const health = await checkHealth(await getDb(), getDocker(), config.OSPREY_ROLE !== "web", checkStorage);
  return Response.json(health, { status: health.status === "UP" ? 200 : 503 });
}
