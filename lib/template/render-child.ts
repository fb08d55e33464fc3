import { createContext, Script } from "node:vm";
import { MAX_RENDER_DEPTH, resultTooDeep } from "./render-depth";
import { type RenderRequest, type RenderResult, runRenderRequest } from "./render-request";

/**
 * A template process: renders one request at a time for the server. A process, not a worker
 * thread: V8 ends the whole process on some out-of-memory failures (a huge array's backing store),
 * and that must never be the server. The render's time limit is this process's own (V8's watchdog
 * interrupts the evaluation, and only the evaluation), so a render never outlives a crashed server;
 * the server kills a process only once it stops answering.
 */
const timeoutMs = Number(process.argv[2] ?? 2000);
const parent = process.ppid;
const sandbox = createContext({ job: null as null | (() => unknown) });
const call = new Script("job()");

type Message = { id: number; request: RenderRequest } | { probe: number };

process.on("message", (message: Message) => {
  // Messages are handled one at a time, so this answer always follows the probed render's reply.
  if ("probe" in message) return reply({ alive: message.probe });
  const { id, request } = message;
  // The request is read (deserialised) by now: the limit starts with the evaluation.
  reply({ id, started: true });
  try {
    sandbox.job = () => runRenderRequest(request);
    const result = call.runInContext(sandbox, { timeout: timeoutMs }) as RenderResult;
    // The server reads this reply: one deep enough to overflow its stack is never sent.
    if (resultTooDeep(result))
      throw new Error(`the rendered value nests deeper than ${MAX_RENDER_DEPTH} levels and cannot be sent back`);
    reply({ id, ok: true, result });
  } catch (err) {
    const timedOut = (err as { code?: string }).code === "ERR_SCRIPT_EXECUTION_TIMEOUT";
    reply({ id, ok: false, timedOut, message: err instanceof Error ? err.message : String(err) });
  } finally {
    sandbox.job = null;
  }
});

/** Sends to the server; a reply that cannot be serialised becomes an error reply instead. */
function reply(message: Record<string, unknown>): void {
  try {
    process.send!(message);
  } catch (err) {
    if (!("id" in message) || !("ok" in message)) throw err;
    process.send!({
      id: message.id,
      ok: false,
      message: `the rendered value cannot be sent back: ${err instanceof Error ? err.message : String(err)}`,
    });
  }
}

process.on("disconnect", () => process.exit(0));
// A SIGKILLed server sends no disconnect: notice being adopted by another parent.
setInterval(() => process.ppid !== parent && process.exit(0), 1000).unref();
process.send!({ ready: true });
