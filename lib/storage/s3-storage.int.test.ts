import { createHash, randomUUID } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough, Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../config";
import { AppError } from "../errors/app-error";
import { type S3TestServer, startS3TestServer } from "../testing/s3-test-server";
import { LocalDiskStorage } from "./local-disk-storage";
import type { S3Storage } from "./s3-storage";
import { storageContract } from "./storage-contract";
import { s3StorageFromConfig } from "./storage-from-config";

// The S3 store against a real S3-compatible server (s3rver on loopback, see s3-test-server.ts), held
// to the same contract as the local disk; s3-storage-flow.int.test.ts runs a flow on it.
const BUCKET = "osprey-it";
let server: S3TestServer;
beforeAll(async () => {
  server = await startS3TestServer([BUCKET]);
});
afterAll(async () => {
  await server?.stop();
});

const s3Settings = (extra: Record<string, string> = {}) => ({
  OSPREY_S3_ENDPOINT: server.endpoint,
  OSPREY_S3_FORCE_PATH_STYLE: "true",
  OSPREY_S3_ACCESS_KEY_ID: server.accessKeyId,
  OSPREY_S3_SECRET_ACCESS_KEY: server.secretAccessKey,
  ...extra,
});
/** A store of its own: a fresh prefix in the test bucket. */
const s3Store = (url = `s3://${BUCKET}/t-${randomUUID()}`, extra: Record<string, string> = {}): S3Storage =>
  s3StorageFromConfig(loadConfig(s3Settings(extra)), url);

storageContract("LocalDiskStorage", async () => new LocalDiskStorage(mkdtempSync(join(tmpdir(), "osprey-contract-"))));
storageContract("S3Storage", async () => s3Store());

/** `mib` MiB, made on the fly 1 MiB at a time (each chunk new memory, as a real source's), hashing what it gives. */
function generated(mib: number, seed: number, onChunk: () => void = () => undefined) {
  const hash = createHash("sha256");
  const pattern = Buffer.alloc(1024 * 1024);
  for (let i = 0; i < pattern.length; i++) pattern[i] = (i * 31 + seed) & 0xff;
  const stream = Readable.from(
    (async function* () {
      for (let i = 0; i < mib; i++) {
        const chunk = Buffer.from(pattern);
        chunk.writeUInt32BE(i, 0);
        hash.update(chunk);
        onChunk();
        yield chunk;
      }
    })(),
    { objectMode: false },
  );
  return { stream, digest: () => hash.digest("hex") };
}

async function digestOf(stream: Readable, onChunk: () => void = () => undefined): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of stream) {
    hash.update(chunk as Buffer);
    onChunk();
  }
  return hash.digest("hex");
}

describe("S3Storage on an S3-compatible server", () => {
  it("streams a 320 MiB object in and out (multipart) with the process's memory growing by less than 100 MiB", async () => {
    const storage = s3Store();
    const before = process.memoryUsage().rss;
    let peak = before;
    const sample = () => {
      peak = Math.max(peak, process.memoryUsage().rss);
    };
    const source = generated(320, 7, sample);
    expect(await storage.put("big/file.bin", source.stream)).toBe(320 * 1024 * 1024);
    const got = await storage.get("big/file.bin");
    expect(got.size).toBe(320 * 1024 * 1024);
    expect(await digestOf(got.stream, sample)).toBe(source.digest());
    expect(peak - before, `rss grew by ${Math.round((peak - before) / 2 ** 20)} MiB`).toBeLessThan(100 * 1024 * 1024);
  });

  it("with writers racing on one key, the object is one writer's whole, and the last to complete wins", async () => {
    const storage = s3Store();
    // 12 MiB each: two parts, so each is a multipart upload completed at its own moment.
    const racers = [1, 2, 3, 4, 5].map((seed) => generated(12, seed));
    await Promise.all(racers.map((w) => storage.put("race/free-for-all", w.stream)));
    const { stream, size } = await storage.get("race/free-for-all");
    expect(size).toBe(12 * 1024 * 1024);
    expect(racers.map((w) => w.digest())).toContain(await digestOf(stream));

    // All five send their first part at once; they then complete in the reverse of their start order.
    const writers = [0, 1, 2, 3, 4].map((i) => {
      const source = new PassThrough();
      source.write(Buffer.alloc(9 * 1024 * 1024, 0x41 + i));
      return { source, done: storage.put("race/ordered", source), last: Buffer.alloc(3 * 1024 * 1024, 0x61 + i) };
    });
    for (const w of [...writers].reverse()) {
      w.source.end(w.last);
      await w.done;
    }
    const kept = Buffer.concat(await (await storage.get("race/ordered")).stream.toArray());
    expect(kept.length).toBe(12 * 1024 * 1024);
    expect(kept.subarray(0, 9 * 1024 * 1024).every((b) => b === 0x41)).toBe(true);
    expect(kept.subarray(9 * 1024 * 1024).every((b) => b === 0x61)).toBe(true);
  });

  it("an upload that fails after several parts leaves the previous object and no new key", async () => {
    const storage = s3Store();
    await storage.put("k/kept", Readable.from([Buffer.from("previous")]));
    const failing = Readable.from(
      (async function* () {
        for (let i = 0; i < 20; i++) yield Buffer.alloc(1024 * 1024, i);
        throw new Error("source broke after 20 MiB");
      })(),
    );
    await expect(storage.put("k/kept", failing)).rejects.toThrow("source broke after 20 MiB");
    const destroyed = new Readable({ read() {} });
    destroyed.push(Buffer.alloc(9 * 1024 * 1024));
    setImmediate(() => destroyed.destroy());
    await expect(storage.put("k/new", destroyed)).rejects.toThrow();
    expect(await storage.listAll("k")).toEqual(["kept"]);
    const { stream } = await storage.get("k/kept");
    expect((await Readable.from(stream).toArray()).join("")).toBe("previous");
  });

  it("a missing bucket or a refused key is a clear AppError, at check() and at first use", async () => {
    const missing = s3Store("s3://no-such-bucket/p");
    for (const attempt of [
      () => missing.check(),
      () => missing.get("a"),
      () => missing.put("a", Readable.from([Buffer.from("x")])),
      () => missing.list("a"),
    ]) {
      const err = await attempt().then(
        () => null,
        (e: unknown) => e,
      );
      expect(AppError.is(err) && err.message).toMatch(/the bucket "no-such-bucket" does not exist/);
    }
    const refused = s3Store(`s3://${BUCKET}`, { OSPREY_S3_ACCESS_KEY_ID: "NOT-A-KEY" });
    await expect(refused.check()).rejects.toThrow(/the credentials were refused.*OSPREY_S3_ACCESS_KEY_ID/);
    await expect(refused.get("a")).rejects.toThrow(/the credentials were refused \(InvalidAccessKeyId/);
    const nobody = s3Store(`s3://${BUCKET}`, { OSPREY_S3_ENDPOINT: "http://127.0.0.1:9" });
    await expect(nobody.check()).rejects.toThrow(/the endpoint does not answer \(ECONNREFUSED\)/);
  });

  it("refuses a malformed OSPREY_STORAGE_URL or half the static credentials", () => {
    expect(() => loadConfig({ OSPREY_STORAGE_URL: "s3://Bad_Bucket" })).toThrow(/expected s3:\/\/bucket/);
    expect(() => s3Store(`s3://${BUCKET}/a/../b`)).toThrow(/"\." or "\.\." segment/);
    const halfSet = loadConfig({ OSPREY_S3_ACCESS_KEY_ID: "x" });
    expect(() => s3StorageFromConfig(halfSet, `s3://${BUCKET}`)).toThrow(
      /set both OSPREY_S3_ACCESS_KEY_ID and OSPREY_S3_SECRET_ACCESS_KEY/,
    );
  });
});
