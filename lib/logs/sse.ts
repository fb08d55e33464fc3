/** One SSE event; `id` becomes the browser's Last-Event-ID on reconnect. */
export interface SseEvent {
  event?: string;
  id?: string | number;
  data: unknown;
}

export type StopReason = "client-closed" | "finished" | "error";

export interface SseOptions {
  pingMs?: number;
  /** Server-side reconnect delay hint for EventSource. */
  retryMs?: number;
}

export const SSE_HEADERS = {
  "Content-Type": "text/event-stream; charset=utf-8",
  // no-transform: proxies and Next's compression must not hold events back.
  "Cache-Control": "no-cache, no-transform",
  Connection: "keep-alive",
  "X-Accel-Buffering": "no",
} as const;

/** Bytes the stream holds for a client before the producer waits (plus the one event being written). */
export const SSE_BUFFER_BYTES = 1 << 20;

export function formatSse(e: SseEvent): string {
  let out = "";
  if (e.event) out += `event: ${e.event}\n`;
  if (e.id !== undefined) out += `id: ${e.id}\n`;
  const data = typeof e.data === "string" ? e.data : JSON.stringify(e.data);
  for (const line of data.split("\n")) out += `data: ${line}\n`;
  return `${out}\n`;
}

/**
 * The one SSE helper (STYLE habit 9): a stream with pings, one AbortController whose reason says
 * why it stopped, and a producer that may await `send` for backpressure.
 */
export function sseResponse(
  request: Request,
  produce: (send: (e: SseEvent) => Promise<void>, signal: AbortSignal) => Promise<void>,
  options: SseOptions = {},
): Response {
  const controller = new AbortController();
  const encoder = new TextEncoder();
  let ping: NodeJS.Timeout | undefined;
  // A producer waiting for room in the stream; the stream's `pull` (room again) or a stop wakes it.
  let wake: (() => void) | null = null;
  const wakeProducer = () => {
    const w = wake;
    wake = null;
    w?.();
  };
  const stop = (reason: StopReason) => {
    if (!controller.signal.aborted) controller.abort(reason);
    clearInterval(ping);
    wakeProducer();
  };
  request.signal.addEventListener("abort", () => stop("client-closed"), { once: true });

  const run = async (ctl: ReadableStreamDefaultController<Uint8Array>) => {
    const write = (text: string) => {
      if (!controller.signal.aborted) ctl.enqueue(encoder.encode(text));
    };
    write(`retry: ${options.retryMs ?? 1000}\n\n`);
    ping = setInterval(() => write(": ping\n\n"), options.pingMs ?? 15_000);
    const send = async (e: SseEvent) => {
      write(formatSse(e));
      // Yield to the event loop so the socket writes what is queued: the SQLite driver answers
      // synchronously, so a replay loop would otherwise run to its end before a byte leaves.
      await new Promise((r) => setImmediate(r));
      // Wait while the client's side of the stream is full: slow readers slow the producer, and
      // the stream holds at most its high-water mark plus one event.
      while ((ctl.desiredSize ?? 1) <= 0 && !controller.signal.aborted) await new Promise<void>((r) => (wake = r));
    };
    try {
      await produce(send, controller.signal);
      stop("finished");
    } catch (err) {
      if (!controller.signal.aborted) {
        write(formatSse({ event: "error", data: { message: err instanceof Error ? err.message : String(err) } }));
      }
      stop("error");
    }
    try {
      ctl.close();
    } catch {
      // already closed by the client going away
    }
  };

  const stream = new ReadableStream<Uint8Array>(
    {
      start(ctl) {
        // Not awaited: the stream calls `pull` only once `start` has returned.
        void run(ctl);
      },
      pull() {
        wakeProducer();
      },
      cancel() {
        stop("client-closed");
      },
    },
    // Counted in bytes: a replayed batch can be hundreds of kilobytes.
    { highWaterMark: SSE_BUFFER_BYTES, size: (chunk) => chunk.byteLength },
  );
  return new Response(stream, { headers: SSE_HEADERS });
}
