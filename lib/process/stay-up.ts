/**
 * A server process logs a promise rejection nobody handled instead of exiting on it (Node's
 * default): one failed background write during a database outage must not take every execution
 * and worker of the process down with it. Each such rejection is a bug to fix, so it is logged loudly.
 */
export function stayUpOnUnhandledRejections(role: string): void {
  const flag = globalThis as unknown as { __ospreyStayUp?: boolean };
  if (flag.__ospreyStayUp) return;
  flag.__ospreyStayUp = true;
  process.on("unhandledRejection", (reason) => {
    console.error(
      `[osprey] ${role}: a background promise failed and nothing handled it (the process goes on):`,
      reason,
    );
  });
}
