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
await startEventRelay();
const { getWorker } = await import("../lib/server/executor-global");
const worker = (await getWorker())!;
console.error(
  `[osprey] worker ${worker.name} on ${config.DOCKER_HOST ?? "the local Docker socket"}, ${config.OSPREY_WORKER_GROUP ? `group ${config.OSPREY_WORKER_GROUP}` : "no group"}, ${config.OSPREY_CONCURRENCY} task runs at once`,
);
// Containers keep running when the worker stops: it takes them back when it starts again, or another
// worker on the same engine reattaches once the lease runs out.
for (const signal of ["SIGTERM", "SIGINT"] as const) process.once(signal, () => process.exit(0));
