import { config } from "@/lib/config";
import { getDb } from "@/lib/db/db";
import { listWorkers } from "@/lib/orchestrator/worker-registry";
import { handleRoute } from "@/lib/http/handle-route";

export const dynamic = "force-dynamic";

/** The servers and workers that run executions, with their last heartbeat (admins). */
export const GET = handleRoute("user:manage", async () =>
  Response.json({ results: await listWorkers(await getDb(), config.OSPREY_LEASE_MS) }),
);
