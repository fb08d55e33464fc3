import { randomUUID } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../config";
import { type S3TestServer, startS3TestServer } from "../testing/s3-test-server";
import { copyStorage } from "./copy-storage";
import { LocalDiskStorage } from "./local-disk-storage";
import { s3StorageFromConfig } from "./storage-from-config";

// Moving a team's local store into a bucket: every object, byte for byte, empty folders too, and a
// second run that copies nothing again. Against a real S3-compatible server (s3rver on loopback).
const BUCKET = "osprey-copy";
let server: S3TestServer;
beforeAll(async () => {
  server = await startS3TestServer([BUCKET]);
});
afterAll(async () => {
  await server?.stop();
});

const bucket = () =>
  s3StorageFromConfig(
    loadConfig({
      OSPREY_S3_ENDPOINT: server.endpoint,
      OSPREY_S3_FORCE_PATH_STYLE: "true",
      OSPREY_S3_ACCESS_KEY_ID: server.accessKeyId,
      OSPREY_S3_SECRET_ACCESS_KEY: server.secretAccessKey,
    }),
    `s3://${BUCKET}/copy-${randomUUID()}`,
  );

async function text(store: LocalDiskStorage | ReturnType<typeof bucket>, key: string): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of (await store.get(key)).stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

describe("copyStorage", () => {
  it("copies a local store into a bucket: output files, inputs, namespace files and an empty folder; again, nothing", async () => {
    const local = new LocalDiskStorage(mkdtempSync(join(tmpdir(), "osprey-copy-")));
    const objects: Record<string, string> = {
      "executions/e1/tasks/t/r1/out.csv": "a,b\n1,2\n",
      "executions/e1/tasks/t/r1/reports/deep/r.txt": "nested",
      "executions/e1/inputs/data/in.txt": "an input",
      "namespaces/team.a/files/scripts/main.py": "print('hi')\n",
      "namespaces/team.a/files/ünïcode name.txt": "é",
    };
    for (const [key, content] of Object.entries(objects)) await local.put(key, Readable.from([Buffer.from(content)]));
    await local.makeFolder("namespaces/team.a/files/empty");

    const target = bucket();
    const first = await copyStorage(local, target);
    expect(first).toEqual({
      copied: 5,
      skipped: 0,
      bytes: Object.values(objects).reduce((n, c) => n + Buffer.byteLength(c), 0),
    });
    for (const [key, content] of Object.entries(objects)) expect(await text(target, key)).toBe(content);
    expect((await target.stat("namespaces/team.a/files/empty"))?.type).toBe("directory");
    expect((await target.listAll("executions")).sort()).toEqual((await local.listAll("executions")).sort());

    // One changed locally since: only it is copied again.
    await local.put("executions/e1/tasks/t/r1/out.csv", Readable.from([Buffer.from("a,b\n1,2\n3,4\n")]));
    expect(await copyStorage(local, target)).toMatchObject({ copied: 1, skipped: 4 });
    expect(await text(target, "executions/e1/tasks/t/r1/out.csv")).toBe("a,b\n1,2\n3,4\n");
  });
});
