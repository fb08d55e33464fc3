import { pageActor } from "@/lib/auth/page-actor";
import { can } from "@/lib/auth/roles";
import { config } from "@/lib/config";
import { getDb } from "@/lib/db/db";
import { listWorkers } from "@/lib/orchestrator/worker-registry";
import { WorkersTable } from "@/components/workers/WorkersTable";

export const dynamic = "force-dynamic";

export default async function WorkersPage() {
  const actor = await pageActor("/workers");
  if (!can(actor.role, "user:manage")) return <p className="p-6 text-slate-600">Only admins see the workers.</p>;
  const workers = await listWorkers(await getDb(), config.OSPREY_LEASE_MS);
  return (
    <div className="mx-auto max-w-7xl p-6">
      <h1 className="mb-1 text-xl font-semibold">Workers</h1>
      <p className="mb-4 text-sm text-slate-500">
        Every worker process (<code>npm run worker</code>) and single-process server, as it last reported. One that has
        not renewed its heartbeat for {Math.round(config.OSPREY_LEASE_MS / 1000)} s is lost: a worker on the same Docker
        engine takes its task runs over and reattaches to their containers.
      </p>
      <WorkersTable workers={workers} />
    </div>
  );
}
