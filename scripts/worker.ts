// npm run worker: a worker process. It claims the task runs web servers (OSPREY_ROLE=web) hand to
// its queue (OSPREY_WORKER_GROUP, else tasks without a group) and runs their containers on its
// Docker engine (DOCKER_HOST), OSPREY_CONCURRENCY at once. Runs with the react-server condition
// (package.json) so the server-only modules it shares with the web app load outside Next.
export {};

process.env.OSPREY_ROLE = "worker";
const { config } = await import("../lib/config");
const { isPostgresUrl } = await import("../lib/db/database-kind");
if (!isPostgresUrl(config.DATABASE_URL)) {
  console.error(
    "[osprey] a worker process shares its work through PostgreSQL: set DATABASE_URL=postgresql://… (on SQLite, one process runs everything: npm run up)",
  );
  process.exit(2);
}
const { stayUpOnUnhandledRejections } = await import("../lib/process/stay-up");
stayUpOnUnhandledRejections("worker");
const { startEventRelay } = await import("../lib/logs/event-relay-global");
try {
  await startEventRelay();
} catch (err) {
  // Its first connection: a clear line (no password) and a non-zero exit, for the supervisor to retry.
  console.error(
    `[osprey] worker cannot reach its database at ${new URL(config.DATABASE_URL).host}: ${err instanceof Error ? err.message : String(err)}`,
  );
  process.exit(1);
}
const { getWorker } = await import("../lib/server/executor-global");
const worker = (await getWorker())!;
console.error(
  `[osprey] worker ${worker.name} on ${config.DOCKER_HOST ?? "the local Docker socket"}, ${config.OSPREY_WORKER_GROUP ? `group ${config.OSPREY_WORKER_GROUP}` : "no group"}, ${config.OSPREY_CONCURRENCY} task runs at once`,
);
// SIGTERM or SIGINT drains: no more claims, the running task runs get OSPREY_DRAIN_MS to end, the
// rest are handed back to the other workers at once (drain.ts), then the process exits 0. A second
// signal exits at once: what is still held is then taken over once its lease runs out.
const { checkStorage } = await import("../lib/storage/storage-global");
const { serveWorkerHttp } = await import("../lib/worker/worker-http");
const http = config.OSPREY_WORKER_PORT ? await serveWorkerHttp(worker, config.OSPREY_WORKER_PORT, checkStorage) : null;
if (http) console.error(`[osprey] worker ${worker.name} serves /api/health and /metrics on port ${http.port}`);
let draining = false;
for (const signal of ["SIGTERM", "SIGINT"] as const)
  process.on(signal, () => {
    if (draining) process.exit(1);
    draining = true;
    console.error(`[osprey] worker ${worker.name}: ${signal}, draining for up to ${config.OSPREY_DRAIN_MS} ms`);
    worker
      .drain(config.OSPREY_DRAIN_MS)
      .then(({ finished, handedBack }) => {
        const back = handedBack.map((h) => `${h.id} (${h.how})`).join(", ");
        console.error(
          `[osprey] worker ${worker.name} drained: ${finished} task run(s) ended here, ${handedBack.length} handed back${back ? `: ${back}` : ""}`,
        );
      })
      .catch((err: unknown) => console.error(`[osprey] worker ${worker.name} drain:`, err))
      .finally(async () => {
        await http?.close();
        process.exit(0);
      });
  });
