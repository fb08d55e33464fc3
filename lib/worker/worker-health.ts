import type { ExecutorDeps } from "../deps/executor-deps";
import { checkHealth, type Health } from "../health/check-health";
import type { Worker } from "./worker";

export type WorkerHealth = Health & {
  /** Its claim loop: UP, DRAINING (told to stop: it claims nothing more) or STALLED (not going round). */
  worker: "UP" | "DRAINING" | "STALLED";
  /** Why it is DOWN, for whoever looks (a probe, an operator): no error text from the services. */
  reason?: string;
};

/**
 * A worker process's health: its database, Docker engine and file store answer (the same check as a
 * web server's /api/health), and its claim loop goes round and still claims. A loop that has not
 * gone round for a lease is stuck (its leases are being taken over by others by then).
 */
export async function workerHealth(
  deps: Pick<ExecutorDeps, "db" | "docker" | "config">,
  worker: Pick<Worker, "status">,
  checkStorage?: () => Promise<void>,
  now = Date.now(),
): Promise<WorkerHealth> {
  const health = await checkHealth(deps.db, deps.docker, true, checkStorage);
  const { draining, loopAt } = worker.status;
  const stalledAfter = Math.max(deps.config.OSPREY_LEASE_MS, 10 * deps.config.OSPREY_POLL_MS);
  const loop = draining ? "DRAINING" : now - loopAt > stalledAfter ? "STALLED" : "UP";
  const reasons = [
    health.database === "DOWN" && "the database does not answer",
    health.docker === "DOWN" && "the Docker engine does not answer",
    health.storage === "DOWN" && "the file store does not answer",
    loop === "DRAINING" && "the worker is draining: it claims no more task runs",
    loop === "STALLED" && `the claim loop has not gone round for ${Math.round((now - loopAt) / 1000)} s`,
  ].filter((r): r is string => typeof r === "string");
  return {
    ...health,
    status: reasons.length ? "DOWN" : "UP",
    worker: loop,
    ...(reasons.length ? { reason: reasons.join("; ") } : {}),
  };
}
