import { ListObjectsV2Command, type _Object } from "@aws-sdk/client-s3";
import type { PluginContext } from "../../plugin-kit/plugin-task";
import type { S3Session } from "./s3-client";
import { int, type Props, str } from "./s3-props";

/** An object as Kestra's models.S3Object writes it (fields without a value are left out). */
export interface S3ObjectOutput {
  uri?: string;
  key: string;
  etag?: string;
  size?: number;
  lastModified?: string;
  owner?: { id?: string; displayName?: string };
  checksumAlgorithm?: string;
  checksumValue?: string;
}

const FILTERS = ["FILES", "DIRECTORY", "BOTH"] as const;

/**
 * Kestra's S3Service.list: pages of ListObjectsV2 until `maxKeys` objects (default 1000) or the end,
 * `marker` as StartAfter, then the whole key matched against `regexp` and kept by `filter`.
 */
export async function listObjects(s3: S3Session, props: Props): Promise<S3ObjectOutput[]> {
  const maxKeys = int(props, "maxKeys", 1000, 1);
  const regexp = str(props, "regexp");
  const matches = regexp === undefined ? null : wholeMatch(regexp);
  const filter = (str(props, "filter") ?? "BOTH") as (typeof FILTERS)[number];
  if (!FILTERS.includes(filter)) throw new Error(`'filter' must be one of ${FILTERS.join(", ")}, got "${filter}"`);
  const base = {
    Bucket: str(props, "bucket"),
    MaxKeys: Math.min(maxKeys, 1000),
    Prefix: str(props, "prefix"),
    Delimiter: str(props, "delimiter"),
    StartAfter: str(props, "marker"),
    EncodingType: str(props, "encodingType") as "url" | undefined,
    ExpectedBucketOwner: str(props, "expectedBucketOwner"),
    RequestPayer: str(props, "requestPayer") as "requester" | undefined,
  };
  const all: _Object[] = [];
  let token: string | undefined;
  for (;;) {
    const page = await s3.send(new ListObjectsV2Command({ ...base, ContinuationToken: token }));
    all.push(...(page.Contents ?? []));
    if (all.length >= maxKeys || !page.IsTruncated || !page.NextContinuationToken) break;
    token = page.NextContinuationToken;
  }
  return all
    .slice(0, maxKeys)
    .filter((o) => {
      const key = o.Key ?? "";
      const folder = key.endsWith("/");
      const kept = filter === "BOTH" || (filter === "DIRECTORY" ? folder : !folder);
      return kept && (matches === null || matches.test(key));
    })
    .map(objectOutput);
}

/** List's and Download's cut at maxFiles (default 25), with Kestra's warning. */
export function firstFiles(ctx: Pick<PluginContext, "log">, objects: S3ObjectOutput[], props: Props): S3ObjectOutput[] {
  const maxFiles = int(props, "maxFiles", 25, 1);
  if (objects.length <= maxFiles) return objects;
  ctx.log(
    `Listing returned ${objects.length} files but maxFiles limit is ${maxFiles}. Only the first ${maxFiles} files will be returned. Increase the maxFiles property if you need more files.`,
    "WARN",
  );
  return objects.slice(0, maxFiles);
}

function objectOutput(o: _Object): S3ObjectOutput {
  const out: S3ObjectOutput = { key: o.Key ?? "" };
  if (o.ETag !== undefined) out.etag = o.ETag;
  if (o.Size !== undefined) out.size = o.Size;
  if (o.LastModified) out.lastModified = instant(o.LastModified);
  if (o.Owner) out.owner = { id: o.Owner.ID, displayName: o.Owner.DisplayName };
  return out;
}

/** Java's String.matches: the whole key, not a part of it. */
function wholeMatch(regexp: string): RegExp {
  try {
    return new RegExp(`^(?:${regexp})$`, "s");
  } catch (err) {
    throw new Error(`'regexp' is not a valid regular expression: ${(err as Error).message}`);
  }
}

/** Instant.toString: `2026-01-31T10:00:00Z`, with `.123` only when there are milliseconds. */
export function instant(date: Date): string {
  return date.toISOString().replace(".000Z", "Z");
}
