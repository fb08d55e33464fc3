/** Starts the executor and the scheduler once when the server boots, so queued and interrupted runs are handled at once. */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { getExecutor } = await import("./lib/executor/executor-global");
  await getExecutor();
  const { getScheduler } = await import("./lib/triggers/scheduler-global");
  await getScheduler();
}
