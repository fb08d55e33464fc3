import type { PluginContext, PluginOutcome } from "../../plugin-kit/plugin-task";
import { State } from "../../states/states";
import { type S3Session, s3Session } from "./s3-client";
import { firstFiles, listObjects } from "./s3-listing";
import { bool, objectProp, type Props, required, str } from "./s3-props";
import { copyObject, deleteObject, downloadObject, fileInfo, withValues } from "./s3-transfer";

/** Kestra's Download: `key` alone downloads one object; prefix, delimiter or regexp download what a listing finds. */
export async function download(ctx: PluginContext, props: Props): Promise<PluginOutcome> {
  const bucket = required(props, "bucket", "Download");
  const listing = ["prefix", "delimiter", "regexp"].some((p) => props[p] !== undefined && props[p] !== null);
  const key = str(props, "key");
  if (!listing && key === undefined)
    throw new Error(
      "Invalid configuration: either specify 'key' for single file download or at least one filtering parameter (prefix, delimiter, regexp) for multiple files download",
    );
  const s3 = await s3Session(ctx, props, true);
  const validate = bool(props, "validateChecksum", false);
  const request = {
    Bucket: bucket,
    ExpectedBucketOwner: str(props, "expectedBucketOwner"),
    RequestPayer: str(props, "requestPayer"),
  };
  const taken = new Set<string>();
  if (!listing) {
    const got = await downloadObject(
      ctx,
      s3,
      { ...request, Key: key!, VersionId: str(props, "versionId") },
      validate,
      taken,
    );
    return { state: State.SUCCESS, outputs: fileInfo(got) };
  }
  const objects = firstFiles(ctx, await listObjects(s3, { ...props, filter: "FILES" }), props);
  if (objects.length === 0) ctx.log("No objects found matching the filter criteria", "WARN");
  const files: Record<string, unknown> = {};
  for (const o of objects)
    files[o.key] = fileInfo(await downloadObject(ctx, s3, { ...request, Key: o.key }, validate, taken));
  return { state: State.SUCCESS, outputs: { files } };
}

/** Kestra's Downloads: list, download each file, then MOVE, DELETE or leave (NONE) every listed object. */
export async function downloads(ctx: PluginContext, props: Props): Promise<PluginOutcome> {
  const bucket = required(props, "bucket", "Downloads");
  // Optional in today's plugin (its documented examples leave it out): NONE.
  const action = props.action === undefined || props.action === null ? "NONE" : String(props.action);
  if (!["MOVE", "DELETE", "NONE"].includes(action))
    throw new Error(`'action' must be MOVE, DELETE or NONE, got "${action}"`);
  const moveTo = objectProp(props, "moveTo");
  if (action === "MOVE" && (!moveTo?.bucket || !moveTo?.key))
    throw new Error("action MOVE needs 'moveTo' with a bucket and a key");
  const s3 = await s3Session(ctx, props, true);
  const validate = bool(props, "validateChecksum", false);
  const listed = firstFiles(ctx, await listObjects(s3, props), props);
  const taken = new Set<string>();
  const objects = [];
  const outputFiles: Record<string, string> = {};
  // Folder markers (keys ending in `/`) are listed and acted on, but not downloaded.
  for (const o of listed.filter((o) => !o.key.endsWith("/"))) {
    const got = await downloadObject(ctx, s3, { Bucket: bucket, Key: o.key }, validate, taken);
    objects.push(
      withValues({ ...o, uri: got.uri, checksumAlgorithm: got.checksumAlgorithm, checksumValue: got.checksumValue }),
    );
    outputFiles[o.key] = got.uri;
  }
  await act(
    s3,
    action,
    bucket,
    listed.map((o) => o.key),
    moveTo,
  );
  return {
    state: State.SUCCESS,
    outputs: { objects, outputFiles },
  };
}

/** Kestra's S3Service.performAction: DELETE each key, or MOVE it to `moveTo.key/<its last segment>`. */
async function act(s3: S3Session, action: string, bucket: string, keys: string[], moveTo: Props | undefined) {
  for (const key of keys) {
    if (action === "DELETE") await deleteObject(s3, bucket, key);
    if (action === "MOVE") {
      const folder = `${String(moveTo!.key)}/`.replace(/\/+$/, "");
      const to = {
        bucket: String(moveTo!.bucket),
        key: `${folder}/${key.split("/").at(-1)}`,
        serverSideEncryption: moveTo!.serverSideEncryption as string | undefined,
        kmsKeyId: moveTo!.kmsKeyId as string | undefined,
      };
      await copyObject(s3, { bucket, key }, to);
      await deleteObject(s3, bucket, key);
    }
  }
}
