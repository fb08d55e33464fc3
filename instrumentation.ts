/**
 * Starts the executor and the scheduler once when the server boots, so queued and interrupted runs
 * are handled at once; on PostgreSQL, first joins the log bus to the other servers'.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  (await import("./lib/process/stay-up")).stayUpOnUnhandledRejections("server");
  (await import("./lib/auth/base-url-notice")).sayBaseUrlNotice();
  const { startEventRelay } = await import("./lib/logs/event-relay-global");
  await startEventRelay().catch((err: unknown) =>
    console.error("[osprey] could not listen to the other servers' events:", err),
  );
  const { getExecutor, getWorker } = await import("./lib/server/executor-global");
  await getExecutor();
  await getWorker();
  const { getScheduler } = await import("./lib/triggers/scheduler-global");
  await getScheduler();
  const { startRetention } = await import("./lib/retention/retention-global");
  await startRetention();
  (await import("./lib/playground/playground-sweep-global")).startPlaygroundSweep();
}
