import { S3Client } from "@aws-sdk/client-s3";
import type { TConfig } from "../config";
import { AppError } from "../errors/app-error";
import { LocalDiskStorage } from "./local-disk-storage";
import { S3Storage } from "./s3-storage";
import type { Storage } from "./storage";

/** Connect timeout for the store's endpoint: a wrong address fails a request instead of hanging it. */
const CONNECT_TIMEOUT_MS = 10_000;

/** The store the settings name: S3 for OSPREY_STORAGE_URL=s3://…, else the folder OSPREY_STORAGE_DIR. */
export function storageFromConfig(config: TConfig): Storage {
  if (!config.OSPREY_STORAGE_URL) return new LocalDiskStorage(config.OSPREY_STORAGE_DIR);
  return s3StorageFromConfig(config, config.OSPREY_STORAGE_URL);
}

export function s3StorageFromConfig(config: TConfig, url: string): S3Storage {
  const { bucket, prefix } = parseS3Url(url);
  const keyId = config.OSPREY_S3_ACCESS_KEY_ID;
  const secret = config.OSPREY_S3_SECRET_ACCESS_KEY;
  if (Boolean(keyId) !== Boolean(secret))
    throw new AppError("BAD_REQUEST", "set both OSPREY_S3_ACCESS_KEY_ID and OSPREY_S3_SECRET_ACCESS_KEY, or neither");
  const client = new S3Client({
    region: config.OSPREY_S3_REGION,
    endpoint: config.OSPREY_S3_ENDPOINT,
    forcePathStyle: config.OSPREY_S3_FORCE_PATH_STYLE,
    credentials: keyId && secret ? { accessKeyId: keyId, secretAccessKey: secret } : undefined,
    // Checksums only where S3 requires them: many S3-compatible stores reject the SDK's newer
    // default (CRC32 trailers on every upload).
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
    requestHandler: { connectionTimeout: CONNECT_TIMEOUT_MS },
  });
  const where = `s3://${bucket}${prefix ? `/${prefix}` : ""}`;
  return new S3Storage(client, { bucket, prefix, label: `${where} at ${config.OSPREY_S3_ENDPOINT ?? "AWS"}` });
}

/** `s3://bucket/some/prefix` → bucket and prefix without its slashes; a `.` or `..` segment is refused. */
export function parseS3Url(url: string): { bucket: string; prefix: string } {
  const match = /^s3:\/\/([^/]+)\/*(.*?)\/*$/.exec(url);
  if (!match)
    throw new AppError("BAD_REQUEST", `OSPREY_STORAGE_URL ${url}: expected s3://bucket or s3://bucket/prefix`);
  const [, bucket, prefix] = match;
  if (prefix.split("/").some((s) => s === "." || s === ".." || (s === "" && prefix !== "")))
    throw new AppError("BAD_REQUEST", `OSPREY_STORAGE_URL ${url}: the prefix has an empty, "." or ".." segment`);
  return { bucket, prefix };
}
