import type { PluginContext, PluginOutcome } from "../../plugin-kit/plugin-task";
import { State } from "../../states/states";
import { act, actionOf } from "./s3-action";
import { s3Session } from "./s3-client";
import { firstFiles, listObjects } from "./s3-listing";
import { bool, type Props, required, str } from "./s3-props";
import { downloadObject, fileInfo, withValues } from "./s3-transfer";

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
  const { action, moveTo } = actionOf(props);
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
