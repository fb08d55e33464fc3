import type { Readable } from "node:stream";
import {
  CopyObjectCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  type GetObjectCommandOutput,
  type ServerSideEncryption,
} from "@aws-sdk/client-s3";
import type { PluginContext } from "../../plugin-kit/plugin-task";
import type { S3Session } from "./s3-client";

// The single-object steps the tasks share: a download into internal storage, a copy, a delete.

/** What Download and Downloads report of one downloaded object (Kestra's FileInfo, without nulls). */
export interface Downloaded {
  uri: string;
  response: GetObjectCommandOutput;
  checksumAlgorithm?: string;
  checksumValue?: string;
}

/** Streams an object into this task run's files, named by its key (folders kept, unsafe segments dropped). */
export async function downloadObject(
  ctx: Pick<PluginContext, "putFile" | "log">,
  s3: S3Session,
  request: { Bucket: string; Key: string; VersionId?: string; ExpectedBucketOwner?: string; RequestPayer?: string },
  validateChecksum: boolean,
  taken: Set<string>,
): Promise<Downloaded> {
  const response = await s3.send(
    new GetObjectCommand({
      ...request,
      RequestPayer: request.RequestPayer as "requester" | undefined,
      ChecksumMode: validateChecksum ? "ENABLED" : undefined,
    }),
  );
  const uri = await ctx.putFile(fileName(request.Key, taken), response.Body as Readable);
  const [checksumAlgorithm, checksumValue] = checksumOf(response);
  if (validateChecksum && !checksumAlgorithm)
    ctx.log(
      `Checksum validation requested for key '${request.Key}' but the object has no stored checksum; transfer was not verified.`,
      "WARN",
    );
  return { uri, response, checksumAlgorithm, checksumValue };
}

/** Kestra's FileInfo of a download: its fields with a value. */
export function fileInfo(d: Downloaded): Record<string, unknown> {
  const r = d.response;
  return withValues({
    uri: d.uri,
    contentLength: r.ContentLength,
    contentType: r.ContentType,
    metadata: r.Metadata,
    versionId: r.VersionId,
    ...eTags(r.ETag),
    checksumAlgorithm: d.checksumAlgorithm,
    checksumValue: d.checksumValue,
  });
}

/**
 * An ETag as Kestra's outputs carry it: Jackson names the getter getETag `etag` (what a flow reads at
 * run time), its docs list the field `eTag`; both are set so a flow written either way works.
 */
export function eTags(eTag: string | undefined): { eTag?: string; etag?: string } {
  return eTag === undefined ? {} : { eTag, etag: eTag };
}

export async function copyObject(
  s3: S3Session,
  from: { bucket: string; key: string; versionId?: string },
  to: { bucket: string; key: string; serverSideEncryption?: string; kmsKeyId?: string },
): Promise<{ eTag?: string; versionId?: string }> {
  const version = from.versionId ? `?versionId=${encodeURIComponent(from.versionId)}` : "";
  const sse = serverSideEncryption(to.serverSideEncryption);
  const out = await s3.send(
    new CopyObjectCommand({
      Bucket: to.bucket,
      Key: to.key,
      CopySource: `${from.bucket}/${from.key.split("/").map(encodeURIComponent).join("/")}${version}`,
      ServerSideEncryption: sse,
      SSEKMSKeyId: sse === "aws:kms" ? to.kmsKeyId : undefined,
    }),
  );
  return { eTag: out.CopyObjectResult?.ETag, versionId: out.VersionId };
}

export async function deleteObject(s3: S3Session, bucket: string, key: string) {
  return s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
}

/** Kestra's S3ServerSideEncryption (NONE, AES256, AWS_KMS) or S3's own words (aws:kms, aws:kms:dsse). */
export function serverSideEncryption(value: string | undefined): ServerSideEncryption | undefined {
  if (value === undefined || value === "NONE") return undefined;
  const names: Record<string, string> = { AWS_KMS: "aws:kms", AWS_KMS_DSSE: "aws:kms:dsse" };
  return (names[value] ?? value) as ServerSideEncryption;
}

/** The first checksum S3 sent, in Kestra's order: SHA256, SHA1, CRC32, CRC32C. */
function checksumOf(r: GetObjectCommandOutput): [string?, string?] {
  if (r.ChecksumSHA256) return ["SHA256", r.ChecksumSHA256];
  if (r.ChecksumSHA1) return ["SHA1", r.ChecksumSHA1];
  if (r.ChecksumCRC32) return ["CRC32", r.ChecksumCRC32];
  if (r.ChecksumCRC32C) return ["CRC32C", r.ChecksumCRC32C];
  return [];
}

/** A file name for a key: its safe segments (no empty, `.` or `..`), made unique within the task run. */
function fileName(key: string, taken: Set<string>): string {
  const base =
    key
      .split("/")
      .filter((s) => s !== "" && s !== "." && s !== "..")
      .map((s) => s.replace(/[\\\u0000-\u001f\u007f]/g, "_"))
      .join("/") || "object";
  let name = base;
  for (let i = 2; taken.has(name); i++) name = `${base}.${i}`;
  taken.add(name);
  return name;
}

/** Kestra's outputs leave out what has no value (Jackson's NON_NULL). */
export function withValues(record: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined && v !== null));
}
