/** Starts the executor once when the server boots, so queued and interrupted runs are handled at once. */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { getExecutor } = await import("./lib/executor/executor-global");
  await getExecutor();
}
