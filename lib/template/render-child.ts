import { createContext, Script } from "node:vm";
import { type RenderRequest, runRenderRequest } from "./render-request";

/**
 * A template process: renders one request at a time for the server. A process, not a worker
 * thread: V8 ends the whole process on some out-of-memory failures (a huge array's backing store),
 * and that must never be the server. The server kills it when a render takes too long; it also
 * stops itself (V8's watchdog interrupts the render), so a render never outlives a crashed server.
 */
const timeoutMs = Number(process.argv[2] ?? 2000);
const parent = process.ppid;
const sandbox = createContext({ job: null as null | (() => unknown) });
const call = new Script("job()");

process.on("message", ({ id, request }: { id: number; request: RenderRequest }) => {
  try {
    sandbox.job = () => runRenderRequest(request);
    process.send!({ id, ok: true, result: call.runInContext(sandbox, { timeout: timeoutMs }) });
  } catch (err) {
    const timedOut = (err as { code?: string }).code === "ERR_SCRIPT_EXECUTION_TIMEOUT";
    process.send!({ id, ok: false, timedOut, message: err instanceof Error ? err.message : String(err) });
  } finally {
    sandbox.job = null;
  }
});
process.on("disconnect", () => process.exit(0));
// A SIGKILLed server sends no disconnect: notice being adopted by another parent.
setInterval(() => process.ppid !== parent && process.exit(0), 1000).unref();
process.send!({ ready: true });
