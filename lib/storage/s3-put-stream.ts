import type { Readable } from "node:stream";
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  PutObjectCommand,
  type S3Client,
  UploadPartCommand,
} from "@aws-sdk/client-s3";

export interface PutTarget {
  client: S3Client;
  bucket: string;
  key: string;
  /** Bytes per part (S3: at least 5 MiB but for the last; at most 10,000 parts). */
  partBytes: number;
  /** Parts sent at once. */
  queue: number;
}

/**
 * Writes a stream as one object: a PutObject when it fits in one part, else a multipart upload whose
 * parts are filled in a pool of `queue + 1` buffers reused from part to part, so memory stays at
 * that many parts whatever the size, and no garbage piles up between collections. S3 shows the
 * object only when complete; on any failure the upload is aborted and the first error (the
 * source's, when it broke) is thrown.
 */
export async function putStream(target: PutTarget, stream: Readable): Promise<number> {
  const upload = new PartUploads(target);
  let part = upload.buffer();
  let filled = 0;
  let size = 0;
  try {
    for await (const chunk of stream) {
      let bytes = typeof chunk === "string" ? Buffer.from(chunk) : (chunk as Buffer);
      size += bytes.length;
      while (bytes.length > 0) {
        const n = bytes.copy(part, filled);
        filled += n;
        bytes = bytes.subarray(n);
        if (filled === part.length) {
          upload.send(part, filled);
          part = await upload.freeBuffer();
          filled = 0;
        }
      }
    }
  } catch (err) {
    await upload.abort();
    throw err;
  }
  try {
    if (!upload.started) {
      await target.client.send(
        new PutObjectCommand({ Bucket: target.bucket, Key: target.key, Body: part.subarray(0, filled) }),
      );
    } else {
      if (filled > 0) upload.send(part, filled);
      await upload.complete();
    }
  } catch (err) {
    await upload.abort();
    throw err;
  }
  return size;
}

/** The parts of one multipart upload: created on the first part, at most `queue` sent at once. */
class PartUploads {
  private uploadId: Promise<string> | null = null;
  private readonly pool: Buffer[] = [];
  private allocated = 0;
  private nextPart = 1;
  private readonly inFlight = new Set<Promise<void>>();
  private readonly parts: { PartNumber: number; ETag: string }[] = [];
  private failure: unknown = null;

  constructor(private readonly target: PutTarget) {}

  get started(): boolean {
    return this.uploadId !== null;
  }

  buffer(): Buffer {
    this.allocated++;
    return Buffer.allocUnsafe(this.target.partBytes);
  }

  /** A buffer to fill next: a new one while fewer than queue + 1 exist, else the first a sent part frees. */
  async freeBuffer(): Promise<Buffer> {
    while (this.pool.length === 0 && this.allocated > this.target.queue) {
      await Promise.race(this.inFlight);
      this.throwFailure();
    }
    this.throwFailure();
    return this.pool.pop() ?? this.buffer();
  }

  send(buffer: Buffer, length: number): void {
    this.throwFailure();
    const { client, bucket, key } = this.target;
    this.uploadId ??= client
      .send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: key }))
      .then((out) => out.UploadId!);
    const PartNumber = this.nextPart++;
    const sending = this.uploadId
      .then((UploadId) =>
        client.send(
          new UploadPartCommand({ Bucket: bucket, Key: key, UploadId, PartNumber, Body: buffer.subarray(0, length) }),
        ),
      )
      .then((out) => {
        this.parts.push({ PartNumber, ETag: out.ETag! });
      })
      .catch((err: unknown) => {
        this.failure ??= err;
      })
      .finally(() => {
        // Sent (or failed): the buffer is free for the next part.
        this.pool.push(buffer);
        this.inFlight.delete(sending);
      });
    this.inFlight.add(sending);
  }

  async complete(): Promise<void> {
    await Promise.all(this.inFlight);
    this.throwFailure();
    const { client, bucket, key } = this.target;
    const parts = [...this.parts].sort((a, b) => a.PartNumber - b.PartNumber);
    await client.send(
      new CompleteMultipartUploadCommand({
        Bucket: bucket,
        Key: key,
        UploadId: await this.uploadId!,
        MultipartUpload: { Parts: parts },
      }),
    );
  }

  /** Drops what was sent, so nothing of this upload ever shows; a failed abort only leaves invisible parts. */
  async abort(): Promise<void> {
    await Promise.allSettled(this.inFlight);
    if (!this.uploadId) return;
    const { client, bucket, key } = this.target;
    // A create that failed has nothing to abort.
    const UploadId = await this.uploadId.catch(() => null);
    if (!UploadId) return;
    try {
      await client.send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId }));
    } catch (err) {
      console.warn(`[osprey] storage: aborting the upload of ${key} in ${bucket} failed: ${(err as Error).message}`);
    }
  }

  private throwFailure(): void {
    if (this.failure !== null) throw this.failure;
  }
}
