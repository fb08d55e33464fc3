import type { Readable } from "node:stream";
import {
  CopyObjectCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  type ListObjectsV2CommandOutput,
  PutObjectCommand,
  type S3Client,
} from "@aws-sdk/client-s3";
import { AppError } from "../errors/app-error";
import { isMissingObject, isSdkError, storeError } from "./s3-errors";
import { putStream } from "./s3-put-stream";
import type { Storage, StoredEntry } from "./storage";
import { assertValidKey } from "./storage-keys";

/** Parts of a multipart upload: 8 MiB × S3's 10,000 parts allows objects of 78 GiB. */
const PART_BYTES = 8 * 1024 * 1024;
/** Parts sent at once: with the part being filled, a put holds (QUEUE + 1) × PART_BYTES = 40 MiB. */
const QUEUE = 4;
/** CopyObject copies at most 5 GiB; larger objects would need UploadPartCopy (not done: see move). */
const MAX_COPY_BYTES = 5 * 1024 ** 3;
/** Folder listings look up their sub-folders' times this many at a time. */
const LOOKUPS_AT_ONCE = 16;

export interface S3Place {
  bucket: string;
  /** Keys live under `<prefix>/`; "" for the bucket's root. */
  prefix: string;
  /** Shown in errors: `s3://bucket/prefix at http://endpoint`. */
  label: string;
}

/**
 * Objects in an S3-compatible bucket: key `a/b` is the object `<prefix>/a/b`; a folder made empty is
 * the zero-byte marker `<prefix>/a/`. A put is one PutObject or a multipart upload, both complete or
 * invisible, so readers see the old object or the whole new one, and the last complete write wins.
 * A move is copy then delete: not atomic, and limited to objects of 5 GiB (CopyObject's limit).
 */
export class S3Storage implements Storage {
  constructor(
    private readonly client: S3Client,
    private readonly place: S3Place,
  ) {}

  /** Whether the bucket answers with these credentials: an AppError saying what is wrong, else nothing. */
  async check(): Promise<void> {
    await this.call(() => this.client.send(new HeadBucketCommand({ Bucket: this.place.bucket })));
  }

  async put(key: string, stream: Readable): Promise<number> {
    const target = { client: this.client, bucket: this.place.bucket, key: this.objectKey(key) };
    try {
      return await putStream({ ...target, partBytes: PART_BYTES, queue: QUEUE }, stream);
    } catch (err) {
      stream.destroy();
      // The source's own error is the caller's, as it is; the store's is said as the store's.
      throw isSdkError(err) ? storeError(err, this.place.label, this.place.bucket) : err;
    }
  }

  async get(key: string): Promise<{ stream: Readable; size: number }> {
    const Key = this.objectKey(key);
    try {
      const out = await this.client.send(new GetObjectCommand({ Bucket: this.place.bucket, Key }));
      return { stream: out.Body as Readable, size: out.ContentLength ?? 0 };
    } catch (err) {
      if (isMissingObject(err)) throw new AppError("NOT_FOUND", `stored file ${key} not found`);
      throw storeError(err, this.place.label, this.place.bucket);
    }
  }

  async delete(key: string): Promise<void> {
    await this.call(() =>
      this.client.send(new DeleteObjectCommand({ Bucket: this.place.bucket, Key: this.objectKey(key) })),
    );
  }

  async deletePrefix(prefix: string): Promise<void> {
    const folder = this.folderKey(prefix);
    for await (const page of this.pages(folder)) {
      const keys = (page.Contents ?? []).map((o) => ({ Key: o.Key! }));
      if (keys.length > 0) await this.deleteKeys(keys);
    }
  }

  async stat(key: string): Promise<StoredEntry | null> {
    const Key = this.objectKey(key);
    const name = key.split("/").at(-1)!;
    try {
      const head = await this.client.send(new HeadObjectCommand({ Bucket: this.place.bucket, Key }));
      const at = head.LastModified ?? new Date(0);
      return { name, type: "file", size: head.ContentLength ?? 0, lastModified: at, created: at };
    } catch (err) {
      if (!isMissingObject(err)) throw storeError(err, this.place.label, this.place.bucket);
    }
    const at = await this.folderTime(`${Key}/`);
    return at ? { name, type: "directory", size: 0, lastModified: at, created: at } : null;
  }

  async list(prefix: string): Promise<StoredEntry[]> {
    const folder = this.folderKey(prefix);
    const files: StoredEntry[] = [];
    const folders: string[] = [];
    for await (const page of this.pages(folder, "/")) {
      for (const o of page.Contents ?? []) {
        // The folder's own marker is not an entry of it.
        if (o.Key === folder) continue;
        const at = o.LastModified ?? new Date(0);
        files.push({
          name: o.Key!.slice(folder.length),
          type: "file",
          size: o.Size ?? 0,
          lastModified: at,
          created: at,
        });
      }
      for (const p of page.CommonPrefixes ?? []) folders.push(p.Prefix!);
    }
    const entries = [...files];
    for (let i = 0; i < folders.length; i += LOOKUPS_AT_ONCE) {
      const batch = folders.slice(i, i + LOOKUPS_AT_ONCE);
      const times = await Promise.all(batch.map((f) => this.folderTime(f)));
      batch.forEach((f, j) => {
        const at = times[j] ?? new Date(0);
        entries.push({ name: f.slice(folder.length, -1), type: "directory", size: 0, lastModified: at, created: at });
      });
    }
    return entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  async listAll(prefix: string): Promise<string[]> {
    const folder = this.folderKey(prefix);
    const keys: string[] = [];
    for await (const page of this.pages(folder))
      for (const o of page.Contents ?? []) if (!o.Key!.endsWith("/")) keys.push(o.Key!.slice(folder.length));
    return keys.sort();
  }

  async makeFolder(key: string): Promise<void> {
    this.objectKey(key);
    // A folder cannot be made in a file, nor over one (a local disk refuses the same).
    const segments = key.split("/");
    for (let i = 1; i <= segments.length; i++) {
      const path = segments.slice(0, i).join("/");
      if ((await this.stat(path))?.type === "file") throw new AppError("CONFLICT", `${path} is a file`);
    }
    await this.call(() =>
      this.client.send(
        new PutObjectCommand({ Bucket: this.place.bucket, Key: this.folderKey(key), Body: Buffer.alloc(0) }),
      ),
    );
  }

  async move(from: string, to: string): Promise<void> {
    this.objectKey(to);
    const source = await this.stat(from);
    if (!source) throw new AppError("NOT_FOUND", `stored file ${from} not found`);
    if (await this.stat(to)) throw new AppError("CONFLICT", `${to} already exists`);
    if (`${to}/`.startsWith(`${from}/`)) throw new AppError("BAD_REQUEST", `cannot move ${from} into itself`);
    if (source.type === "file") {
      await this.copy(this.objectKey(from), this.objectKey(to), source.size, from);
      await this.delete(from);
      return;
    }
    // A folder: every object under it (its marker included), copied first, then removed.
    const fromFolder = this.folderKey(from);
    const toFolder = this.folderKey(to);
    const moved: { Key: string }[] = [];
    for await (const page of this.pages(fromFolder)) {
      for (const o of page.Contents ?? []) {
        await this.copy(o.Key!, toFolder + o.Key!.slice(fromFolder.length), o.Size ?? 0, o.Key!);
        moved.push({ Key: o.Key! });
      }
    }
    for (let i = 0; i < moved.length; i += 1000) await this.deleteKeys(moved.slice(i, i + 1000));
  }

  private async copy(fromKey: string, toKey: string, size: number, shown: string): Promise<void> {
    if (size > MAX_COPY_BYTES)
      throw new AppError("PAYLOAD_TOO_LARGE", `cannot move ${shown}: S3 storage copies objects of at most 5 GiB`);
    const { bucket } = this.place;
    // CopySource is `bucket/key`, URL-encoded but for the slashes.
    const source = `${bucket}/${fromKey.split("/").map(encodeURIComponent).join("/")}`;
    await this.call(() => this.client.send(new CopyObjectCommand({ Bucket: bucket, Key: toKey, CopySource: source })));
  }

  private async deleteKeys(keys: { Key: string }[]): Promise<void> {
    const out = await this.call(() =>
      this.client.send(new DeleteObjectsCommand({ Bucket: this.place.bucket, Delete: { Objects: keys, Quiet: true } })),
    );
    const failed = out.Errors ?? [];
    if (failed.length > 0)
      throw new AppError(
        "INTERNAL",
        `storage ${this.place.label}: could not delete ${failed.length} object(s), e.g. ${failed[0].Key} (${failed[0].Code}: ${failed[0].Message})`,
      );
  }

  /** The time of a folder: its marker's, else its first object's; null when nothing is under it. */
  private async folderTime(folderKey: string): Promise<Date | null> {
    const page = await this.call(() =>
      this.client.send(new ListObjectsV2Command({ Bucket: this.place.bucket, Prefix: folderKey, MaxKeys: 1 })),
    );
    const first = page.Contents?.[0];
    return first ? (first.LastModified ?? new Date(0)) : null;
  }

  /** Every page of a listing under `prefix` (grouped by `delimiter` when given). */
  private async *pages(prefix: string, delimiter?: string): AsyncGenerator<ListObjectsV2CommandOutput> {
    let token: string | undefined;
    do {
      const page = await this.call(() =>
        this.client.send(
          new ListObjectsV2Command({
            Bucket: this.place.bucket,
            Prefix: prefix,
            Delimiter: delimiter,
            ContinuationToken: token,
          }),
        ),
      );
      yield page;
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  }

  /** Runs a request whose failure is the store's (callers that expect a missing object handle that first). */
  private async call<T>(request: () => Promise<T>): Promise<T> {
    try {
      return await request();
    } catch (err) {
      throw storeError(err, this.place.label, this.place.bucket);
    }
  }

  private objectKey(key: string): string {
    assertValidKey(key);
    return this.place.prefix ? `${this.place.prefix}/${key}` : key;
  }

  private folderKey(key: string): string {
    return `${this.objectKey(key)}/`;
  }
}
