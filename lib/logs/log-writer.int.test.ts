import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ExecutorDeps } from "../deps/executor-deps";
import { createTestDeps } from "../testing/test-deps";
import type { LogLine } from "./log-line";
import { LogWriter } from "./log-writer";
import { lastStoredSeq, readLogs } from "./read-logs";

let deps: ExecutorDeps;
beforeAll(async () => {
  deps = await createTestDeps();
});
afterAll(async () => {
  await deps.db.$disconnect();
});

async function newExecution(id: string) {
  await deps.db.execution.create({
    data: { id, namespace: "t", flowId: "f", flowRevision: 1, source: "", state: "RUNNING" },
  });
}

describe("LogWriter on real SQLite", () => {
  it("stores 50,000 lines in order across chunks and task runs, then publishes them", async () => {
    await newExecution("w1");
    const published: LogLine[] = [];
    const unsubscribe = deps.bus.subscribe("w1", (e) => e.kind === "lines" && published.push(...e.lines));
    const writer = new LogWriter(deps.db, deps.bus, "w1", 0, { flushMs: 5, highWaterLines: 1_000, chunkLines: 700 });
    for (let i = 1; i <= 50_000; i++) {
      const taskRunId = i <= 25_000 ? "a" : "b";
      if (
        !writer.append({
          taskRunId,
          taskId: taskRunId,
          stream: "stdout",
          level: "INFO",
          message: `line ${i} "quoted" \\ é`,
        })
      ) {
        await writer.drained();
      }
    }
    await writer.flush();
    unsubscribe();
    const stored = await readLogs(deps.db, "w1", { limit: 10_000 });
    expect(stored).toHaveLength(10_000);
    expect(stored[9_999]).toMatchObject({ seq: 10_000, message: 'line 10000 "quoted" \\ é', taskRunId: "a" });
    const all: LogLine[] = [];
    for (let after = 0; ; ) {
      const page = await readLogs(deps.db, "w1", { afterSeq: after, limit: 9_999 });
      if (!page.length) break;
      all.push(...page);
      after = page.at(-1)!.seq;
    }
    expect(all.map((l) => l.seq)).toEqual(Array.from({ length: 50_000 }, (_, i) => i + 1));
    expect(all[25_000]).toMatchObject({ taskRunId: "b", message: 'line 25001 "quoted" \\ é' });
    expect(published.map((l) => l.seq)).toEqual(all.map((l) => l.seq));
    expect(await lastStoredSeq(deps.db, "w1")).toBe(50_000);
    // No chunk mixes two task runs.
    const chunks = await deps.db.logChunk.findMany({ where: { executionId: "w1" } });
    for (const c of chunks) expect(c.lastSeq <= 25_000 || c.firstSeq > 25_000).toBe(true);
  });

  it("keeps a chunk per task run when branches write at once: interleaved lines are not stored one row each", async () => {
    await newExecution("w-par");
    const published: LogLine[] = [];
    const unsubscribe = deps.bus.subscribe("w-par", (e) => e.kind === "lines" && published.push(...e.lines));
    const writer = new LogWriter(deps.db, deps.bus, "w-par", 0, { flushMs: 20, highWaterLines: 10_000 });
    for (let i = 1; i <= 3_000; i++) {
      for (const branch of ["x", "y", "z"])
        writer.append({
          taskRunId: branch,
          taskId: branch,
          stream: "stdout",
          level: "INFO",
          message: `${branch} ${i}`,
        });
    }
    await writer.flush();
    unsubscribe();
    const chunks = await deps.db.logChunk.findMany({ where: { executionId: "w-par" }, orderBy: { firstSeq: "asc" } });
    expect(chunks.length).toBeLessThanOrEqual(9); // 3 task runs × 3,000 lines in chunks of up to 2,000
    const all = await readLogs(deps.db, "w-par", { limit: 10_000 });
    expect(all.map((l) => l.seq)).toEqual(Array.from({ length: 9_000 }, (_, i) => i + 1));
    for (const branch of ["x", "y", "z"]) {
      expect(all.filter((l) => l.taskRunId === branch).map((l) => l.message)).toEqual(
        Array.from({ length: 3_000 }, (_, i) => `${branch} ${i + 1}`),
      );
    }
    expect(published.map((l) => [l.seq, l.message])).toEqual(all.map((l) => [l.seq, l.message]));
  });

  it("asks the producer to wait at the high-water mark and lets it go on once stored", async () => {
    await newExecution("w2");
    const writer = new LogWriter(deps.db, deps.bus, "w2", 0, { flushMs: 1_000, highWaterLines: 10 });
    const accepted = Array.from({ length: 10 }, (_, i) =>
      writer.append({ taskRunId: null, taskId: null, stream: "system", level: "INFO", message: `m${i}` }),
    );
    expect(accepted.slice(0, 9).every(Boolean)).toBe(true);
    expect(accepted[9]).toBe(false);
    let drained = false;
    const waiting = writer.drained().then(() => (drained = true));
    expect(drained).toBe(false);
    await writer.flush();
    await waiting;
    expect(drained).toBe(true);
    expect((await readLogs(deps.db, "w2")).map((l) => l.message)).toEqual(
      Array.from({ length: 10 }, (_, i) => `m${i}`),
    );
  });

  it("continues numbering after lines stored earlier", async () => {
    await newExecution("w3");
    const first = new LogWriter(deps.db, deps.bus, "w3", 0, { flushMs: 5, highWaterLines: 100 });
    first.append({ taskRunId: null, taskId: null, stream: "system", level: "INFO", message: "before" });
    await first.flush();
    const second = new LogWriter(deps.db, deps.bus, "w3", await lastStoredSeq(deps.db, "w3"), {
      flushMs: 5,
      highWaterLines: 100,
    });
    second.append({ taskRunId: null, taskId: null, stream: "system", level: "INFO", message: "after" });
    await second.flush();
    expect((await readLogs(deps.db, "w3")).map((l) => [l.seq, l.message])).toEqual([
      [1, "before"],
      [2, "after"],
    ]);
  });

  it("caps a task run's stored lines with one visible truncation line", async () => {
    await newExecution("w4");
    const writer = new LogWriter(deps.db, deps.bus, "w4", 0, {
      flushMs: 5,
      highWaterLines: 1_000,
      maxLinesPerTaskRun: 10,
    });
    for (let i = 1; i <= 50; i++)
      writer.append({ taskRunId: "a", taskId: "a", stream: "stdout", level: "INFO", message: `a${i}` });
    writer.append({ taskRunId: "b", taskId: "b", stream: "stdout", level: "INFO", message: "b1" });
    await writer.flush();
    const lines = await readLogs(deps.db, "w4");
    expect(lines.map((l) => l.message)).toEqual([
      ...Array.from({ length: 10 }, (_, i) => `a${i + 1}`),
      "[log truncated: this task stored 10 lines, the most a task may; later lines are dropped]",
      "b1",
    ]);
    expect(lines[10]).toMatchObject({ stream: "system", level: "WARN" });
  });

  it("keeps counting toward the cap across a restart of the writer", async () => {
    await newExecution("w5");
    const first = new LogWriter(deps.db, deps.bus, "w5", 0, { flushMs: 5, highWaterLines: 100, maxLinesPerTaskRun: 5 });
    for (let i = 1; i <= 3; i++)
      first.append({ taskRunId: "a", taskId: "a", stream: "stdout", level: "INFO", message: `x${i}` });
    await first.flush();
    const { storedLineCount } = await import("./read-logs");
    const second = new LogWriter(deps.db, deps.bus, "w5", await lastStoredSeq(deps.db, "w5"), {
      flushMs: 5,
      highWaterLines: 100,
      maxLinesPerTaskRun: 5,
    });
    second.countStored("a", await storedLineCount(deps.db, "w5", "a"));
    for (let i = 4; i <= 9; i++)
      second.append({ taskRunId: "a", taskId: "a", stream: "stdout", level: "INFO", message: `x${i}` });
    await second.flush();
    const messages = (await readLogs(deps.db, "w5")).map((l) => l.message);
    expect(messages.slice(0, 5)).toEqual(["x1", "x2", "x3", "x4", "x5"]);
    expect(messages).toHaveLength(6);
    expect(messages[5]).toMatch(/^\[log truncated/);
  });

  it("two writers of one execution (a worker and its orchestrator) number their lines apart: none lost, none shared", async () => {
    await newExecution("w-two");
    const options = { flushMs: 1, highWaterLines: 50, chunkLines: 7 };
    // Both start from the same stored line, as two processes opening the execution at once do.
    const a = new LogWriter(deps.db, deps.bus, "w-two", 0, options);
    const b = new LogWriter(deps.db, deps.bus, "w-two", 0, options);
    const write = async (writer: LogWriter, who: string) => {
      for (let i = 1; i <= 400; i++) {
        if (!writer.append({ taskRunId: who, taskId: who, stream: "stdout", level: "INFO", message: `${who} ${i}` }))
          await writer.drained();
        if (i % 25 === 0) await new Promise((r) => setTimeout(r, 1));
      }
      await writer.flush();
    };
    await Promise.all([write(a, "a"), write(b, "b")]);
    const stored = await readLogs(deps.db, "w-two", { limit: 10_000 });
    expect(stored.map((l) => l.seq)).toEqual(Array.from({ length: 800 }, (_, i) => i + 1));
    for (const who of ["a", "b"]) {
      expect(stored.filter((l) => l.taskId === who).map((l) => l.message)).toEqual(
        Array.from({ length: 400 }, (_, i) => `${who} ${i + 1}`),
      );
    }
  });
});
