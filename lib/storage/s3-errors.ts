import { AppError } from "../errors/app-error";

/** What the AWS SDK puts on an error: S3's code as `name`, the HTTP status, or a socket's `code`. */
interface SdkError {
  name?: string;
  message?: string;
  code?: string;
  $metadata?: { httpStatusCode?: number };
}

const CREDENTIAL_CODES = new Set([
  "InvalidAccessKeyId",
  "SignatureDoesNotMatch",
  "AccessDenied",
  "Forbidden",
  "ExpiredToken",
  "InvalidToken",
  "CredentialsProviderError",
]);

/** An error of an S3 request (it carries the response's metadata) or of its connection. */
export function isSdkError(err: unknown): boolean {
  const e = err as SdkError;
  return (
    e?.$metadata !== undefined ||
    /^(ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|ECONNRESET|EHOSTUNREACH)$/.test(e?.code ?? "")
  );
}

/** An object (or the folder it would be in) is absent; a missing bucket is not that. */
export function isMissingObject(err: unknown): boolean {
  const e = err as SdkError;
  if (e?.name === "NoSuchBucket") return false;
  return e?.name === "NoSuchKey" || e?.name === "NotFound" || e?.$metadata?.httpStatusCode === 404;
}

/**
 * The store's fault as an admin can act on it: a missing bucket, refused credentials, an endpoint
 * that does not answer. `where` names the store (`s3://bucket/prefix at http://…`).
 */
export function storeError(err: unknown, where: string, bucket: string): Error {
  if (AppError.is(err)) return err;
  const e = (err ?? {}) as SdkError;
  const status = e.$metadata?.httpStatusCode;
  // A HEAD's error has no body, so the SDK knows only its status.
  const named = e.name && !/^Unknown/.test(e.name) ? e.name : status ? `HTTP ${status}` : String(err);
  const detail = e.message && e.message !== e.name && !/^Unknown/.test(e.message) ? `${named}: ${e.message}` : named;
  if (e.name === "NoSuchBucket" || (e.name === "NotFound" && status === 404))
    return new AppError("INTERNAL", `storage ${where}: the bucket "${bucket}" does not exist (OSPREY_STORAGE_URL)`);
  if (CREDENTIAL_CODES.has(e.name ?? "") || status === 403)
    return new AppError(
      "INTERNAL",
      `storage ${where}: the credentials were refused (${detail}); check OSPREY_S3_ACCESS_KEY_ID and OSPREY_S3_SECRET_ACCESS_KEY or the AWS credentials chain`,
    );
  if (e.code && /^(ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|ECONNRESET|EHOSTUNREACH)$/.test(e.code))
    return new AppError(
      "INTERNAL",
      `storage ${where}: the endpoint does not answer (${e.code}); check OSPREY_S3_ENDPOINT`,
    );
  return new AppError("INTERNAL", `storage ${where}: ${detail}`);
}
