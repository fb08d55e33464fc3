import { spawn } from "node:child_process";
import { createHash, randomUUID } from "node:crypto";
import { createWriteStream, mkdtempSync, rmSync } from "node:fs";
import { mkdir, rename, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { fileURLToPath } from "node:url";

/**
 * A real S3-compatible server for tests: s3rver (objects as files in a temporary folder), on
 * loopback, started and stopped by the test. What it does not do, so tests do not rely on it:
 * - it checks the access key id (an unknown one is InvalidAccessKeyId) but not SigV4 signatures, so
 *   a wrong secret is accepted;
 * - AbortMultipartUpload is refused (MethodNotAllowed), so an aborted upload's parts stay on its disk
 *   (never visible as an object); ListMultipartUploads, UploadPartCopy (multipart copy), versioning,
 *   object lock and checksums other than MD5 are not implemented;
 * - a bucket's region is whatever the client says;
 * - it writes an object in place, where S3 publishes one whole: two writers of one key would tear it,
 *   and a reader could see a part. The store here is changed to write beside and rename (see
 *   `publishWhole`), so tests see S3's semantics: the last complete write wins.
 * Multipart upload (Create, UploadPart, Complete) works, as do ListObjectsV2 with delimiter and
 * continuation, CopyObject, DeleteObjects, HeadBucket and user metadata.
 */
export interface S3TestServer {
  endpoint: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** The folder s3rver keeps buckets in. */
  directory: string;
  stop(): Promise<void>;
}

interface S3rver {
  run(): Promise<AddressInfo>;
  close(): Promise<void>;
  store: FilesystemStore;
}

/** The part of s3rver's FilesystemStore that writes objects (lib/stores/filesystem.js). */
interface FilesystemStore {
  getResourcePath(bucket: string, key: string, resource: string): string;
  putMetadata(bucket: string, key: string, metadata: unknown, md5: string): Promise<void>;
  putObject(object: StoredObject): Promise<{ size: number; md5: string }>;
}
interface StoredObject {
  bucket: string;
  key: string;
  content: Buffer | Readable;
  metadata: unknown;
}
type S3rverClass = new (options: Record<string, unknown>) => S3rver;

/**
 * Starts s3rver on 127.0.0.1 in a process of its own, with `buckets` made; its default account is
 * S3RVER / S3RVER. Its own process because s3rver's continuation tokens use DES, which Node's
 * OpenSSL 3 has only with --openssl-legacy-provider (a truncated listing fails without it), and so
 * that a test measuring its own memory does not count the server's.
 */
export async function startS3TestServer(buckets: string[]): Promise<S3TestServer> {
  const directory = mkdtempSync(join(tmpdir(), "osprey-s3rver-"));
  const child = spawn(
    process.execPath,
    ["--openssl-legacy-provider", "--import", "tsx", fileURLToPath(import.meta.url), directory, ...buckets],
    // Its stdin is a pipe from this process: when this process ends, however, the server ends too.
    { stdio: ["pipe", "pipe", "inherit"] },
  );
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const port = await new Promise<number>((resolve, reject) => {
    let seen = "";
    child.stdout.on("data", (chunk: Buffer) => {
      seen += chunk.toString();
      const ready = /^ready (\d+)$/m.exec(seen);
      if (ready) resolve(Number(ready[1]));
    });
    child.once("exit", (code) => reject(new Error(`s3rver exited (${code}) before it started`)));
  });
  return {
    endpoint: `http://127.0.0.1:${port}`,
    accessKeyId: "S3RVER",
    secretAccessKey: "S3RVER",
    directory,
    async stop() {
      child.kill("SIGTERM");
      await exited;
      rmSync(directory, { recursive: true, force: true });
    },
  };
}

/** In the server's process: s3rver over `directory`, then `ready <port>` on stdout. */
async function serve(directory: string, buckets: string[]): Promise<void> {
  // s3rver ships no types: its constructor and what is used here are typed above.
  const S3rverServer = createRequire(import.meta.url)("s3rver") as S3rverClass;
  const server = new S3rverServer({
    address: "127.0.0.1",
    port: 0,
    silent: true,
    directory,
    // SDK v3 signs with SigV4, which s3rver does not verify (see above).
    allowMismatchedSignatures: true,
    configureBuckets: buckets.map((name) => ({ name })),
  });
  publishWhole(server.store);
  const { port } = await server.run();
  process.stdin.once("end", () => process.exit(0)).resume();
  process.stdout.write(`ready ${port}\n`);
  process.once("SIGTERM", () => void server.close().finally(() => process.exit(0)));
}

/** s3rver's putObject (also the end of a multipart upload), but written beside the object and renamed over it. */
function publishWhole(store: FilesystemStore): void {
  store.putObject = async (object) => {
    const path = store.getResourcePath(object.bucket, object.key, "object");
    await mkdir(dirname(path), { recursive: true });
    // Not named like an object (`._S3rver_object`), so no listing shows it.
    const partial = `${path}.${randomUUID()}.partial`;
    const md5 = createHash("md5");
    let size = 0;
    const measure = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        md5.update(chunk);
        size += chunk.length;
        done(null, chunk);
      },
    });
    const source = Buffer.isBuffer(object.content) ? Readable.from([object.content]) : object.content;
    try {
      await pipeline(source, measure, createWriteStream(partial));
      await rename(partial, path);
    } catch (err) {
      await rm(partial, { force: true });
      throw err;
    }
    const digest = md5.digest("hex");
    await store.putMetadata(object.bucket, object.key, object.metadata, digest);
    return { size, md5: digest };
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await serve(process.argv[2], process.argv.slice(3));
