import { describe, expect, it } from "vitest";
import { SSE_BUFFER_BYTES, sseResponse } from "./sse";

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

describe("sseResponse", () => {
  it("holds at most its buffer plus one event for a slow reader, then delivers everything", async () => {
    const EVENT_CHARS = 100_000;
    const EVENTS = 60; // 6 MB in all, six times the buffer
    let produced = 0;
    const response = sseResponse(new Request("http://osprey.test/"), async (send) => {
      for (let i = 0; i < EVENTS; i++) {
        await send({ event: "log", id: i, data: "x".repeat(EVENT_CHARS) });
        produced += EVENT_CHARS;
      }
    });
    const reader = response.body!.getReader();
    let consumed = 0;
    let mostAhead = 0;
    let events = 0;
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      consumed += value.byteLength;
      events += new TextDecoder().decode(value).split("event: log").length - 1;
      mostAhead = Math.max(mostAhead, produced - consumed);
      await sleep(5); // a slow client
    }
    expect(events).toBe(EVENTS);
    expect(consumed).toBeGreaterThan(EVENTS * EVENT_CHARS);
    expect(mostAhead).toBeLessThanOrEqual(SSE_BUFFER_BYTES + 2 * EVENT_CHARS);
  });

  it("wakes a producer waiting for room when the client goes away", async () => {
    const request = new AbortController();
    let ended: string | null = null;
    const response = sseResponse(
      new Request("http://osprey.test/", { signal: request.signal }),
      async (send, signal) => {
        while (!signal.aborted) await send({ data: "y".repeat(500_000) });
        ended = String(signal.reason);
      },
    );
    const reader = response.body!.getReader();
    await reader.read();
    await sleep(50); // the producer is now waiting on a full stream
    await reader.cancel();
    for (let i = 0; i < 100 && ended === null; i++) await sleep(10);
    expect(ended).toBe("client-closed");
  });
});
