import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, kindOf, type Db } from "../db/create-client";
import type { ExecutorDeps } from "../deps/executor-deps";
import { createTestDeps } from "../testing/test-deps";
import { followLogs } from "./follow-logs";
import { LogBus } from "./log-bus";
import { LogWriter } from "./log-writer";
import { PgEventRelay } from "./pg-event-relay";
import type { SseEvent } from "./sse";

// Two servers on one PostgreSQL: A writes an execution's log, a browser follows it on B. Each has its
// own client, bus and relay, as two processes would. (Runs in the PostgreSQL pass of the suite.)
let deps: ExecutorDeps;
let dbB: Db;
const relays: PgEventRelay[] = [];
const postgres = () => kindOf(deps.db) === "postgresql";

beforeAll(async () => {
  deps = await createTestDeps();
  dbB = postgres() ? await createDb(deps.config.DATABASE_URL) : deps.db;
});
afterAll(async () => {
  for (const r of relays) await r.stop();
  if (dbB !== deps.db) await dbB.$disconnect();
  await deps.db.$disconnect();
});

describe("the log bus across servers (PostgreSQL LISTEN/NOTIFY)", () => {
  it("gives a follower on server B every line server A writes, in order, then the end", async (ctx) => {
    if (!postgres()) return ctx.skip(); // one process on SQLite: the in-process bus is the whole story
    const busA = new LogBus();
    const busB = new LogBus();
    for (const bus of [busA, busB]) {
      const relay = new PgEventRelay(deps.config.DATABASE_URL, bus);
      await relay.start();
      relays.push(relay);
    }
    const id = "across-servers";
    await deps.db.execution.create({
      data: { id, namespace: "t", flowId: "f", flowRevision: 1, source: "", state: "RUNNING" },
    });

    // What reached B through the relay (not through B's own look at the store when idle).
    const relayed: string[] = [];
    busB.subscribe(id, (e) => void relayed.push(e.kind === "state" ? `state ${e.event.state}` : e.kind));

    const events: SseEvent[] = [];
    const controller = new AbortController();
    const following = followLogs({ db: dbB, bus: busB }, id, 0, async (e) => void events.push(e), controller.signal);
    await new Promise((r) => setTimeout(r, 200)); // B is following before A writes

    const writer = new LogWriter(deps.db, busA, id, 0, { flushMs: 5, highWaterLines: 500 });
    for (let i = 1; i <= 5_000; i++) {
      if (!writer.append({ taskRunId: "a", taskId: "a", stream: "stdout", level: "INFO", message: `line ${i}` }))
        await writer.drained();
      if (i % 1000 === 0) await new Promise((r) => setTimeout(r, 10));
    }
    await writer.flush();
    await deps.db.execution.update({ where: { id }, data: { state: "SUCCESS", endedAt: new Date() } });
    busA.publishState({ executionId: id, taskRunId: null, taskId: null, state: "SUCCESS", at: Date.now() });
    await following;

    const lines = events.filter((e) => e.event === "log").flatMap((e) => e.data as { seq: number; message: string }[]);
    expect(lines.map((l) => l.seq)).toEqual(Array.from({ length: 5_000 }, (_, i) => i + 1));
    expect(lines.at(-1)?.message).toBe("line 5000");
    expect(events.at(-1)).toMatchObject({ event: "end", data: { state: "SUCCESS" } });
    expect(relayed.filter((k) => k === "stored").length).toBeGreaterThan(0);
    expect(relayed).not.toContain("lines"); // B's bus never had the lines themselves: it read them from the store
    await new Promise((r) => setTimeout(r, 100));
    expect(relayed.at(-1)).toBe("state SUCCESS");
  });
});
