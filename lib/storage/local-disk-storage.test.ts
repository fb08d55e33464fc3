import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { AppError } from "../errors/app-error";
import { LocalDiskStorage } from "./local-disk-storage";
import { assertValidKey, executionPrefix, outputFileKey, taskRunPrefix } from "./storage-keys";

let root: string;
let storage: LocalDiskStorage;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), "osprey-storage-"));
  storage = new LocalDiskStorage(root);
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

async function text(key: string): Promise<string> {
  const { stream } = await storage.get(key);
  const parts: Buffer[] = [];
  for await (const c of stream) parts.push(c as Buffer);
  return Buffer.concat(parts).toString();
}

/** A stream that gives `first`, then fails. */
function failingAfter(first: string): Readable {
  return Readable.from(
    (async function* () {
      yield Buffer.from(first);
      throw new Error("source broke");
    })(),
  );
}

describe("LocalDiskStorage", () => {
  it("stores a stream under a nested key and gives it back with its size", async () => {
    const size = await storage.put(
      "executions/e1/tasks/t/r1/reports/a.txt",
      Readable.from([Buffer.from("hello "), Buffer.from("world")]),
    );
    expect(size).toBe(11);
    const got = await storage.get("executions/e1/tasks/t/r1/reports/a.txt");
    expect(got.size).toBe(11);
    got.stream.destroy();
    expect(await text("executions/e1/tasks/t/r1/reports/a.txt")).toBe("hello world");
  });

  it("replaces an object whole, and a failed write leaves the old one and no temporary file", async () => {
    await storage.put("k/a", Readable.from([Buffer.from("old")]));
    await expect(storage.put("k/a", failingAfter("new but partial"))).rejects.toThrow("source broke");
    expect(await text("k/a")).toBe("old");
    expect(readdirSync(join(root, ".tmp"))).toEqual([]);
    await storage.put("k/a", Readable.from([Buffer.from("new")]));
    expect(await text("k/a")).toBe("new");
  });

  it("answers NOT_FOUND for a missing key and for a folder", async () => {
    await storage.put("a/b/c", Readable.from([Buffer.from("x")]));
    for (const key of ["a/b/missing", "a/b", "a/b/c/d"]) {
      const err = await storage.get(key).then(
        () => null,
        (e: unknown) => e,
      );
      expect(AppError.is(err) && err.code, key).toBe("NOT_FOUND");
    }
  });

  it("deletes one object, and a prefix as a whole folder only", async () => {
    for (const key of ["executions/a/x", "executions/a/sub/y", "executions/ab/z", "executions/b/w"]) {
      await storage.put(key, Readable.from([Buffer.from(key)]));
    }
    await storage.delete("executions/b/w");
    await storage.delete("executions/b/never-there");
    await expect(storage.get("executions/b/w")).rejects.toThrow(/not found/);
    await storage.deletePrefix("executions/a");
    await expect(storage.get("executions/a/x")).rejects.toThrow(/not found/);
    await expect(storage.get("executions/a/sub/y")).rejects.toThrow(/not found/);
    expect(await text("executions/ab/z")).toBe("executions/ab/z");
    await storage.deletePrefix("executions/none");
  });

  it("refuses keys that could leave the root or are ambiguous, before touching the disk", async () => {
    const bad = ["", "/etc/passwd", "../x", "a/../../x", "a/./b", "a//b", "a/", "a\\b", "a\u0000b", ".tmp/x", ".tmp"];
    for (const key of bad) {
      const err = await storage.put(key, Readable.from([Buffer.from("x")])).then(
        () => null,
        (e: unknown) => e,
      );
      expect(AppError.is(err) && err.code, JSON.stringify(key)).toBe("BAD_REQUEST");
      await expect(storage.get(key), JSON.stringify(key)).rejects.toThrow(/invalid storage key/);
      await expect(storage.deletePrefix(key), JSON.stringify(key)).rejects.toThrow(/invalid storage key/);
    }
    expect(readdirSync(root).filter((f) => f !== ".tmp")).toEqual([]);
  });
});

describe("LocalDiskStorage folders", () => {
  const put = (key: string, body = key) => storage.put(key, Readable.from([Buffer.from(body)]));

  it("lists a folder's direct entries, sorted, folders included, and every key under a prefix", async () => {
    await put("ns/files/b.txt", "bb");
    await put("ns/files/a/x.py");
    await put("ns/files/a/deep/y.py");
    await storage.makeFolder("ns/files/empty");
    const listed = await storage.list("ns/files");
    expect(listed.map((e) => [e.name, e.type, e.size])).toEqual([
      ["a", "directory", 0],
      ["b.txt", "file", 2],
      ["empty", "directory", 0],
    ]);
    expect(await storage.listAll("ns/files")).toEqual(["a/deep/y.py", "a/x.py", "b.txt"]);
    expect(await storage.list("ns/none")).toEqual([]);
    expect(await storage.listAll("ns/none")).toEqual([]);
  });

  it("stats an object, a folder, and nothing", async () => {
    await put("s/f.txt", "12345");
    expect(await storage.stat("s/f.txt")).toMatchObject({ name: "f.txt", type: "file", size: 5 });
    expect(await storage.stat("s")).toMatchObject({ name: "s", type: "directory" });
    expect(await storage.stat("s/missing")).toBeNull();
    expect(await storage.stat("s/f.txt/under")).toBeNull();
  });

  it("moves an object or a whole folder, refusing to overwrite, to move a missing key, or into itself", async () => {
    await put("m/a/one.txt");
    await put("m/a/sub/two.txt");
    await put("m/b.txt");
    await storage.move("m/a", "m/renamed/a2");
    expect(await storage.listAll("m")).toEqual(["b.txt", "renamed/a2/one.txt", "renamed/a2/sub/two.txt"]);
    expect(await text("m/renamed/a2/sub/two.txt")).toBe("m/a/sub/two.txt");
    const codes = [];
    for (const [from, to] of [
      ["m/b.txt", "m/renamed/a2/one.txt"],
      ["m/nothing", "m/x"],
      ["m/renamed", "m/renamed/inner"],
    ]) {
      const err = await storage.move(from, to).then(
        () => null,
        (e: unknown) => e,
      );
      codes.push(AppError.is(err) && err.code);
    }
    expect(codes).toEqual(["CONFLICT", "NOT_FOUND", "BAD_REQUEST"]);
    expect(await text("m/renamed/a2/one.txt")).toBe("m/a/one.txt");
  });

  it("makes a folder once, and refuses one where a file is", async () => {
    await storage.makeFolder("f/x/y");
    await storage.makeFolder("f/x/y");
    await put("f/file");
    const err = await storage.makeFolder("f/file").then(
      () => null,
      (e: unknown) => e,
    );
    expect(AppError.is(err) && err.code).toBe("CONFLICT");
    await expect(storage.list("../x")).rejects.toThrow(/invalid storage key/);
    await expect(storage.move("f/x", "../x")).rejects.toThrow(/invalid storage key/);
  });
});

describe("storage keys", () => {
  const owner = { executionId: "e1", taskId: "make", taskRunId: "r1" };
  it("lay files out by execution, task and task run", () => {
    expect(executionPrefix("e1")).toBe("executions/e1");
    expect(taskRunPrefix(owner)).toBe("executions/e1/tasks/make/r1");
    expect(outputFileKey(owner, "reports/r.txt")).toBe("executions/e1/tasks/make/r1/reports/r.txt");
  });
  it("refuse a file name or an id that climbs out", () => {
    expect(() => outputFileKey(owner, "../r2/x")).toThrow(/invalid storage key/);
    expect(() => executionPrefix("..")).toThrow(/invalid storage key/);
    expect(assertValidKey("a b/é.txt")).toBe("a b/é.txt");
  });
});
