import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ExecutorDeps } from "../deps/executor-deps";
import { createTestDeps } from "../testing/test-deps";
import { type FollowStats, followLogs, MAX_QUEUED_LINES } from "./follow-logs";
import { LogWriter } from "./log-writer";
import { sseResponse } from "./sse";

let deps: ExecutorDeps;
beforeAll(async () => {
  deps = await createTestDeps();
});
afterAll(async () => {
  await deps.db.$disconnect();
});

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Reads an SSE body, parsing events as they complete; `pace` runs after each slice of `slice` bytes. */
async function readEvents(
  reader: ReadableStreamDefaultReader<Uint8Array>,
  onEvent: (event: string, data: string) => boolean | void,
  pace: () => Promise<void> | null,
  slice = 4096,
): Promise<void> {
  const decoder = new TextDecoder();
  let text = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    for (let at = 0; at < value.length; at += slice) {
      text += decoder.decode(value.subarray(at, at + slice), { stream: true });
      let end: number;
      while ((end = text.indexOf("\n\n")) >= 0) {
        const block = text.slice(0, end);
        text = text.slice(end + 2);
        const event = /^event: (.*)$/m.exec(block)?.[1] ?? "message";
        const data = [...block.matchAll(/^data: (.*)$/gm)].map((m) => m[1]).join("\n");
        if (onEvent(event, data) === false) return;
      }
      const wait = pace();
      if (wait) await wait;
    }
  }
}

describe("a slow SSE follower", () => {
  it("holds a bounded queue while 1,000,000 lines are published, then gets every line once, in order", async () => {
    const id = "slow-follower";
    await deps.db.execution.create({
      data: { id, namespace: "t", flowId: "f", flowRevision: 1, source: "", state: "RUNNING" },
    });
    const stats: FollowStats = { maxQueuedLines: 0, fellBehind: 0 };
    const response = sseResponse(new Request("http://osprey.test/follow"), (send, signal) =>
      followLogs(deps, id, 0, send, signal, { stats }),
    );
    const reader = response.body!.getReader();

    const seqs: number[] = [];
    let end: { state: string; lastSeq: number } | null = null;
    let slow = true;
    let slowBytes = 0;
    const onEvent = (event: string, data: string) => {
      if (event === "log") for (const line of JSON.parse(data) as { seq: number }[]) seqs.push(line.seq);
      if (event === "end") {
        end = JSON.parse(data);
        return false;
      }
    };
    // About 8 KB/s while slow (a 4 KB slice every half second); no pause once fast.
    const reading = readEvents(reader, onEvent, () => {
      if (!slow) return null;
      slowBytes += 4096;
      return sleep(500);
    });

    const writer = new LogWriter(deps.db, deps.bus, id, 0, { flushMs: 5, highWaterLines: 2_000 });
    const started = Date.now();
    for (let i = 1; i <= 1_000_000; i++) {
      if (!writer.append({ taskRunId: "a", taskId: "a", stream: "stdout", level: "INFO", message: `line ${i}` }))
        await writer.drained();
    }
    await writer.flush();
    const writtenMs = Date.now() - started;
    // Keep reading slowly a few seconds at least, so the follower is well behind while lines are published.
    await sleep(Math.max(0, 3_000 - (Date.now() - started)));
    const whileSlow = { lines: seqs.length, maxQueued: stats.maxQueuedLines };
    slow = false;
    await deps.db.execution.update({ where: { id }, data: { state: "SUCCESS" } });
    deps.bus.publishState({ executionId: id, taskRunId: null, taskId: null, state: "SUCCESS", at: Date.now() });
    await reading;
    await reader.cancel();
    console.log(
      `[follow] written in ${writtenMs} ms; ${whileSlow.lines} lines read while slow; most queued ${stats.maxQueuedLines}; fell behind ${stats.fellBehind}×; all read ${Date.now() - started} ms after the first write`,
    );

    expect(slowBytes).toBeGreaterThan(0);
    expect(whileSlow.lines).toBeLessThan(100_000); // it really was behind while the lines were published
    expect(whileSlow.maxQueued).toBeLessThanOrEqual(MAX_QUEUED_LINES);
    expect(stats.maxQueuedLines).toBeLessThanOrEqual(MAX_QUEUED_LINES);
    expect(stats.fellBehind).toBeGreaterThan(0);
    expect(end).toMatchObject({ state: "SUCCESS", lastSeq: 1_000_000 });
    expect(seqs.length).toBe(1_000_000);
    // Every line once, in order, no gap.
    let inOrder = true;
    for (let i = 0; i < seqs.length; i++) if (seqs[i] !== i + 1) inOrder = false;
    expect(inOrder).toBe(true);
  });
});
