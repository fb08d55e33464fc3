import {
  type ChecksumAlgorithm,
  type ObjectCannedACL,
  type ObjectLockLegalHoldStatus,
  type ObjectLockMode,
  PutObjectCommand,
  type PutObjectCommandInput,
  type StorageClass,
} from "@aws-sdk/client-s3";
import type { PluginContext, PluginOutcome } from "../../plugin-kit/plugin-task";
import { State } from "../../states/states";
import { s3Session } from "./s3-client";
import { bool, instant, int, type Props, required, str, textMap } from "./s3-props";
import { eTags, serverSideEncryption, withValues } from "./s3-transfer";

/** Kestra's Upload: one file under `key`, or several under `key/<name>`; outputs bucket, key, eTag, versionId (and files). */
export async function upload(ctx: PluginContext, props: Props): Promise<PluginOutcome> {
  const bucket = required(props, "bucket", "Upload");
  const key = required(props, "key", "Upload");
  const files = filesOf(props.from);
  if (files.size === 0)
    throw new Error("No files to upload: the 'from' property contains an empty collection or array");
  const options = putOptions(props);
  const s3 = await s3Session(ctx, props, true);
  const put = async (objectKey: string, uri: string) => {
    const file = await ctx.openFile(uri);
    ctx.log(`Uploading to '${objectKey}'`, "DEBUG");
    const out = await s3.send(
      new PutObjectCommand({
        ...options,
        Bucket: bucket,
        Key: objectKey,
        Body: file.stream,
        ContentLength: options.ContentLength ?? file.size,
      }),
    );
    return { out, size: file.size };
  };
  if (files.size === 1) {
    const { out } = await put(key, [...files.values()][0]);
    return { state: State.SUCCESS, outputs: withValues({ bucket, key, ...eTags(out.ETag), versionId: out.VersionId }) };
  }
  // Several files: a window of concurrentUploads at a time, as Kestra submits them.
  const window = int(props, "concurrentUploads", 50, 1);
  const entries = [...files.entries()];
  const infos: Record<string, unknown> = {};
  for (let i = 0; i < entries.length; i += window) {
    const done = await Promise.all(entries.slice(i, i + window).map(([name, uri]) => put(joinKey(key, name), uri)));
    done.forEach(({ out, size }, j) => {
      infos[entries[i + j][0]] = withValues({ ...eTags(out.ETag), versionId: out.VersionId, contentLength: size });
    });
  }
  return { state: State.SUCCESS, outputs: { bucket, key, files: infos } };
}

/**
 * Kestra's `from`: a URI; a list of URIs, each named by its last segment; a map of name → URI; or
 * the list or map as JSON text.
 */
function filesOf(from: unknown): Map<string, string> {
  let value = from;
  if (typeof value === "string" && /^\s*[[{]/.test(value)) {
    try {
      value = JSON.parse(value);
    } catch {
      throw new Error(`'from' is neither a URI nor a JSON list or map: ${value}`);
    }
  }
  if (typeof value === "string") value = [value];
  if (Array.isArray(value)) return new Map(value.map((uri) => [String(uri).split(/[/\\]/).at(-1) ?? "", String(uri)]));
  if (value && typeof value === "object")
    return new Map(Object.entries(value).map(([name, uri]) => [name, String(uri)]));
  throw new Error("'from' must be a URI, a list of URIs or a map of name to URI");
}

/** Java's Path.of(base, name): one slash between, none doubled or trailing. */
function joinKey(base: string, name: string): string {
  return `${base}/${name}`.replace(/\/{2,}/g, "/").replace(/(.)\/$/, "$1");
}

/** The PutObject options Kestra's Upload sets from its properties. */
function putOptions(props: Props): Partial<PutObjectCommandInput> {
  const algorithm = str(props, "checksumAlgorithm");
  const sum = str(props, "checksum");
  const tags = textMap(props, "tagging");
  const length = str(props, "contentLength");
  return {
    RequestPayer: str(props, "requestPayer") as "requester" | undefined,
    Metadata: textMap(props, "metadata"),
    CacheControl: str(props, "cacheControl"),
    ContentType: str(props, "contentType"),
    ContentEncoding: str(props, "contentEncoding"),
    ContentDisposition: str(props, "contentDisposition"),
    ContentLanguage: str(props, "contentLanguage"),
    ContentLength: length === undefined ? undefined : int(props, "contentLength", 0),
    Expires: instant(props, "expires"),
    ACL: str(props, "acl") as ObjectCannedACL | undefined,
    StorageClass: str(props, "storageClass") as StorageClass | undefined,
    ServerSideEncryption: serverSideEncryption(str(props, "serverSideEncryption")),
    BucketKeyEnabled: str(props, "bucketKeyEnabled") === undefined ? undefined : bool(props, "bucketKeyEnabled", false),
    ChecksumAlgorithm: algorithm === undefined ? undefined : (algorithm.replace("_", "") as ChecksumAlgorithm),
    ChecksumSHA1: algorithm === "SHA1" ? sum : undefined,
    ChecksumSHA256: algorithm === "SHA256" ? sum : undefined,
    ChecksumCRC32: algorithm === "CRC32" ? sum : undefined,
    ChecksumCRC32C: algorithm === "CRC32_C" ? sum : undefined,
    ExpectedBucketOwner: str(props, "expectedBucketOwner"),
    ObjectLockMode: str(props, "objectLockMode") as ObjectLockMode | undefined,
    ObjectLockLegalHoldStatus: str(props, "objectLockLegalHoldStatus") as ObjectLockLegalHoldStatus | undefined,
    ObjectLockRetainUntilDate: instant(props, "objectLockRetainUntilDate"),
    Tagging: tags && new URLSearchParams(tags).toString(),
  };
}
