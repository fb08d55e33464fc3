import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { AppError } from "../errors/app-error";
import type { Storage } from "./storage";

// What every Storage must do, as tests run against each implementation (the local disk, S3): the
// behaviour storage.ts promises, nothing particular to one of them. `fresh` gives an empty store per test.

export function storageContract(name: string, fresh: () => Promise<Storage>): void {
  const text = async (storage: Storage, key: string) => {
    const { stream } = await storage.get(key);
    const parts: Buffer[] = [];
    for await (const c of stream) parts.push(c as Buffer);
    return Buffer.concat(parts).toString();
  };
  const put = (storage: Storage, key: string, body = key) => storage.put(key, Readable.from([Buffer.from(body)]));
  const codeOf = (promise: Promise<unknown>) =>
    promise.then(
      () => null,
      (e: unknown) => (AppError.is(e) ? e.code : String(e)),
    );

  describe(`${name}: the Storage contract`, () => {
    it("stores a stream under a nested key and gives it back with its size", async () => {
      const storage = await fresh();
      const key = "executions/e1/tasks/t/r1/reports/a.txt";
      expect(await storage.put(key, Readable.from([Buffer.from("hello "), Buffer.from("world")]))).toBe(11);
      const got = await storage.get(key);
      expect(got.size).toBe(11);
      got.stream.destroy();
      expect(await text(storage, key)).toBe("hello world");
      expect(await put(storage, "k/empty", "")).toBe(0);
      expect(await text(storage, "k/empty")).toBe("");
    });

    it("replaces an object whole, and a failed write leaves the old one", async () => {
      const storage = await fresh();
      await put(storage, "k/a", "old");
      const failing = Readable.from(
        (async function* () {
          yield Buffer.from("new but partial");
          throw new Error("source broke");
        })(),
      );
      await expect(storage.put("k/a", failing)).rejects.toThrow("source broke");
      expect(await text(storage, "k/a")).toBe("old");
      await put(storage, "k/a", "new");
      expect(await text(storage, "k/a")).toBe("new");
      expect(await storage.listAll("k")).toEqual(["a"]);
    });

    it("answers NOT_FOUND for a missing key and for a folder", async () => {
      const storage = await fresh();
      await put(storage, "a/b/c", "x");
      for (const key of ["a/b/missing", "a/b", "a/b/c/d"])
        expect(await codeOf(storage.get(key)), key).toBe("NOT_FOUND");
    });

    it("deletes one object, and a prefix as a whole folder only", async () => {
      const storage = await fresh();
      for (const key of ["executions/a/x", "executions/a/sub/y", "executions/ab/z", "executions/b/w"])
        await put(storage, key);
      await storage.delete("executions/b/w");
      await storage.delete("executions/b/never-there");
      expect(await codeOf(storage.get("executions/b/w"))).toBe("NOT_FOUND");
      await storage.deletePrefix("executions/a");
      expect(await codeOf(storage.get("executions/a/x"))).toBe("NOT_FOUND");
      expect(await codeOf(storage.get("executions/a/sub/y"))).toBe("NOT_FOUND");
      expect(await text(storage, "executions/ab/z")).toBe("executions/ab/z");
      await storage.deletePrefix("executions/none");
      expect(await storage.listAll("executions")).toEqual(["ab/z"]);
    });

    it("refuses keys that could leave the store or are ambiguous", async () => {
      const storage = await fresh();
      for (const key of ["", "/etc/passwd", "../x", "a/../../x", "a/./b", "a//b", "a/", "a\\b", "a\u0000b"]) {
        expect(await codeOf(put(storage, key, "x")), JSON.stringify(key)).toBe("BAD_REQUEST");
        await expect(storage.get(key), JSON.stringify(key)).rejects.toThrow(/invalid storage key/);
        await expect(storage.deletePrefix(key), JSON.stringify(key)).rejects.toThrow(/invalid storage key/);
        await expect(storage.list(key), JSON.stringify(key)).rejects.toThrow(/invalid storage key/);
      }
      await expect(storage.move("a", "../x")).rejects.toThrow(/invalid storage key/);
    });

    it("lists a folder's direct entries, sorted, folders included, and every key under a prefix", async () => {
      const storage = await fresh();
      await put(storage, "ns/files/b.txt", "bb");
      await put(storage, "ns/files/a/x.py");
      await put(storage, "ns/files/a/deep/y.py");
      await put(storage, "ns/files/é b.txt", "unicode");
      await storage.makeFolder("ns/files/empty");
      const listed = await storage.list("ns/files");
      expect(listed.map((e) => [e.name, e.type, e.size])).toEqual([
        ["a", "directory", 0],
        ["b.txt", "file", 2],
        ["empty", "directory", 0],
        ["é b.txt", "file", 7],
      ]);
      for (const e of listed) expect(e.lastModified.getTime(), e.name).toBeGreaterThan(0);
      expect(await storage.listAll("ns/files")).toEqual(["a/deep/y.py", "a/x.py", "b.txt", "é b.txt"]);
      expect(await storage.list("ns/none")).toEqual([]);
      expect(await storage.listAll("ns/none")).toEqual([]);
    });

    it("stats an object, a folder, an empty folder, and nothing", async () => {
      const storage = await fresh();
      await put(storage, "s/f.txt", "12345");
      await storage.makeFolder("s/empty");
      expect(await storage.stat("s/f.txt")).toMatchObject({ name: "f.txt", type: "file", size: 5 });
      expect(await storage.stat("s")).toMatchObject({ name: "s", type: "directory", size: 0 });
      expect(await storage.stat("s/empty")).toMatchObject({ name: "empty", type: "directory" });
      expect(await storage.stat("s/missing")).toBeNull();
      expect(await storage.stat("s/f.txt/under")).toBeNull();
    });

    it("moves an object or a whole folder, refusing to overwrite, to move a missing key, or into itself", async () => {
      const storage = await fresh();
      await put(storage, "m/a/one.txt");
      await put(storage, "m/a/sub/two.txt");
      await storage.makeFolder("m/a/hollow");
      await put(storage, "m/b.txt");
      await storage.move("m/a", "m/renamed/a2");
      expect(await storage.listAll("m")).toEqual(["b.txt", "renamed/a2/one.txt", "renamed/a2/sub/two.txt"]);
      expect(await text(storage, "m/renamed/a2/sub/two.txt")).toBe("m/a/sub/two.txt");
      expect(await storage.stat("m/renamed/a2/hollow")).toMatchObject({ type: "directory" });
      expect(await storage.stat("m/a")).toBeNull();
      await storage.move("m/b.txt", "m/c/b2.txt");
      expect(await text(storage, "m/c/b2.txt")).toBe("m/b.txt");
      const codes = [];
      for (const [from, to] of [
        ["m/c/b2.txt", "m/renamed/a2/one.txt"],
        ["m/nothing", "m/x"],
        ["m/renamed", "m/renamed/inner"],
      ])
        codes.push(await codeOf(storage.move(from, to)));
      expect(codes).toEqual(["CONFLICT", "NOT_FOUND", "BAD_REQUEST"]);
      expect(await text(storage, "m/renamed/a2/one.txt")).toBe("m/a/one.txt");
    });

    it("makes a folder once, and refuses one where a file is", async () => {
      const storage = await fresh();
      await storage.makeFolder("f/x/y");
      await storage.makeFolder("f/x/y");
      expect(await storage.list("f/x")).toMatchObject([{ name: "y", type: "directory" }]);
      await put(storage, "f/file");
      expect(await codeOf(storage.makeFolder("f/file"))).toBe("CONFLICT");
    });
  });
}
