import { randomUUID } from "node:crypto";
import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { saveSettings } from "../settings/settings";
import { State } from "../states/states";
import { outputFileKey } from "../storage/storage-keys";
import { useTestDeps } from "../testing/test-deps";
import { RetentionLoop } from "./retention-loop";

const ctx = useTestDeps();
const DAY = 86_400_000;
const NOW = new Date("2026-12-01T12:00:00Z");

/** An execution created `daysAgo` with a task run, a log chunk and an output file in the storage. */
async function execution(state: string, daysAgo: number) {
  const { db, storage } = ctx.deps;
  const id = randomUUID();
  const taskRunId = randomUUID();
  const createdAt = new Date(NOW.getTime() - daysAgo * DAY);
  await db.execution.create({
    data: { id, namespace: "keep.or.purge", flowId: "f", flowRevision: 1, source: "", state, createdAt },
  });
  await db.taskRun.create({
    data: {
      id: taskRunId,
      executionId: id,
      taskId: "t",
      position: 0,
      taskType: "io.kestra.plugin.core.log.Log",
      state,
    },
  });
  await db.logChunk.create({
    data: {
      executionId: id,
      firstSeq: 1,
      lastSeq: 2,
      taskRunId,
      taskId: "t",
      lines: '[[0,"system","INFO","a"],[1,"system","INFO","b"]]',
    },
  });
  const key = outputFileKey({ executionId: id, taskRunId, taskId: "t" }, "out.txt");
  const size = await storage.put(key, Readable.from([Buffer.from("bytes")]));
  await db.outputFile.create({
    data: { id: randomUUID(), executionId: id, taskRunId, taskId: "t", name: "out.txt", size, storageKey: key },
  });
  return { id, key };
}

describe("the retention setting", () => {
  it("is off by default, then purges ended executions older than N days with their task runs, logs and files", async () => {
    const { db, storage, config } = ctx.deps;
    const old = await execution(State.SUCCESS, 40);
    const oldFailed = await execution(State.FAILED, 31);
    const oldRunning = await execution(State.RUNNING, 45);
    const recent = await execution(State.SUCCESS, 5);
    const loop = new RetentionLoop({ db, storage, config });
    expect(config.OSPREY_RETENTION_DAYS).toBe(0);
    expect(await loop.runOnce(NOW)).toBe(0);
    expect(await db.execution.count({ where: { namespace: "keep.or.purge" } })).toBe(4);

    // An admin sets 30 days on the settings page.
    await saveSettings(db, config, { OSPREY_RETENTION_DAYS: "30" }, "admin@osprey.test");
    expect(await loop.runOnce(NOW)).toBe(2);
    for (const gone of [old, oldFailed]) {
      expect(await db.execution.findUnique({ where: { id: gone.id } })).toBeNull();
      expect(await db.taskRun.count({ where: { executionId: gone.id } })).toBe(0);
      expect(await db.logChunk.count({ where: { executionId: gone.id } })).toBe(0);
      expect(await db.outputFile.count({ where: { executionId: gone.id } })).toBe(0);
      expect(await storage.stat(gone.key)).toBeNull();
    }
    // Kept: the recent one, and an old one still running.
    for (const kept of [recent, oldRunning]) {
      expect(await db.execution.findUnique({ where: { id: kept.id } })).not.toBeNull();
      expect(await db.logChunk.count({ where: { executionId: kept.id } })).toBe(1);
      expect(await storage.stat(kept.key)).not.toBeNull();
    }
  });

  it("refuses a value that is not a whole number of days", async () => {
    const { db, config } = ctx.deps;
    await expect(saveSettings(db, config, { OSPREY_RETENTION_DAYS: "two weeks" }, "admin")).rejects.toThrow(
      /OSPREY_RETENTION_DAYS: "two weeks" is not a valid value/,
    );
  });
});
