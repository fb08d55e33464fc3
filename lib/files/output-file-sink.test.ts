import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { AppError } from "../errors/app-error";
import { LocalDiskStorage } from "../storage/local-disk-storage";
import { OutputFileSink } from "./output-file-sink";

let root: string;
let storage: LocalDiskStorage;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), "osprey-sink-"));
  storage = new LocalDiskStorage(root);
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const owner = { executionId: "e1", taskId: "make", taskRunId: "r1" };
const KB = 1024;

/** `chunks` chunks of 1 KB, counting how many were pulled: the sink must stop pulling at a cap. */
function source(chunks: number) {
  const counter = { pulled: 0 };
  const iterable = (async function* () {
    for (let i = 0; i < chunks; i++) {
      counter.pulled++;
      yield Buffer.alloc(KB, 97);
    }
  })();
  return { iterable, counter };
}

async function refusal(p: Promise<unknown>): Promise<AppError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  if (!AppError.is(err)) throw new Error(`expected an AppError, got ${String(err)}`);
  return err;
}

describe("OutputFileSink", () => {
  it("stores files under the caps and lists them with their sizes and keys", async () => {
    const sink = new OutputFileSink(storage, owner, { maxFileBytes: 10 * KB, maxTaskBytes: 20 * KB });
    await sink.accept("a.txt", 3 * KB, source(3).iterable);
    await sink.accept("dir/b.txt", undefined, source(5).iterable);
    expect(sink.stored()).toEqual([
      { name: "a.txt", size: 3 * KB, storageKey: "executions/e1/tasks/make/r1/a.txt" },
      { name: "dir/b.txt", size: 5 * KB, storageKey: "executions/e1/tasks/make/r1/dir/b.txt" },
    ]);
    expect((await storage.get("executions/e1/tasks/make/r1/dir/b.txt")).size).toBe(5 * KB);
  });

  it("refuses a file announced over the per-file cap without reading a byte", async () => {
    const sink = new OutputFileSink(storage, owner, { maxFileBytes: 4 * KB, maxTaskBytes: 100 * KB });
    const { iterable, counter } = source(16);
    const err = await refusal(sink.accept("big", 16 * 1024 ** 3, iterable));
    expect(err.code).toBe("PAYLOAD_TOO_LARGE");
    expect(err.message).toContain('"big"');
    expect(err.message).toContain("4 KB");
    expect(err.message).toContain("OSPREY_MAX_OUTPUT_FILE_BYTES");
    expect(counter.pulled).toBe(0);
    expect(sink.stored()).toEqual([]);
  });

  it("stops reading a file that grows past the per-file cap and keeps nothing of it", async () => {
    const sink = new OutputFileSink(storage, owner, { maxFileBytes: 4 * KB, maxTaskBytes: 100 * KB });
    const { iterable, counter } = source(1000);
    const err = await refusal(sink.accept("grows", 1 * KB, iterable));
    expect(err.message).toMatch(/"grows".*OSPREY_MAX_OUTPUT_FILE_BYTES/);
    expect(counter.pulled).toBeLessThanOrEqual(6);
    expect(existsSync(join(root, "executions/e1/tasks/make/r1/grows"))).toBe(false);
  });

  it("refuses the file that takes the task past the per-task cap, naming it and the setting", async () => {
    const sink = new OutputFileSink(storage, owner, { maxFileBytes: 10 * KB, maxTaskBytes: 12 * KB });
    await sink.accept("one", 6 * KB, source(6).iterable);
    await sink.accept("two", 6 * KB, source(6).iterable);
    const announced = await refusal(sink.accept("three", 1 * KB, source(1).iterable));
    expect(announced.message).toMatch(/pass 12 KB at "three".*OSPREY_MAX_OUTPUT_BYTES_PER_TASK/);
    // Without an announced size it is caught while reading.
    const quiet = new OutputFileSink(storage, owner, { maxFileBytes: 10 * KB, maxTaskBytes: 12 * KB });
    await quiet.accept("one", undefined, source(8).iterable);
    const { iterable, counter } = source(8);
    const read = await refusal(quiet.accept("two", undefined, iterable));
    expect(read.message).toMatch(/at "two".*OSPREY_MAX_OUTPUT_BYTES_PER_TASK/);
    expect(counter.pulled).toBeLessThanOrEqual(6);
  });
});
