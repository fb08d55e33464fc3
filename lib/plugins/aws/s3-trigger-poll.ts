import type { PluginPoll, PluginPolls } from "../../plugin-kit/plugin-trigger";
import { act, actionOf } from "./s3-action";
import { s3Session } from "./s3-client";
import { firstFiles, listObjects } from "./s3-listing";
import { type Props, required, str } from "./s3-props";
import { S3_TRIGGER } from "./s3-trigger-schemas";
import { downloadObject, withValues } from "./s3-transfer";

// Kestra's S3 Trigger.evaluate: List (maxKeys, regexp, filter, then maxFiles), download each object
// into the files of the execution it starts, then the action on every listed object. Nothing found:
// no execution. Kestra's newest keeps a state of the objects it saw (`on`, `stateKey`, `stateTtl`);
// none is kept here, so every object found is new, and with NONE it is found again next poll.

const poll: PluginPoll = async (ctx, props) => {
  const bucket = required(props, "bucket", "Trigger");
  const { action, moveTo } = actionOf(props);
  refuseState(props);
  // Kestra's trigger downloads with a Download task: forcePathStyle needs compatibilityMode, as there.
  const s3 = await s3Session(ctx, props, true);
  const listed = firstFiles(ctx, await listObjects(s3, props), props);
  ctx.log(`Found '${listed.length}' objects in bucket '${bucket}'`, "DEBUG");
  if (listed.length === 0) return null;
  const taken = new Set<string>();
  const objects = [];
  for (const o of listed) {
    // A folder marker (a key ending in `/`) is reported and acted on, but has no content to download.
    const uri = o.key.endsWith("/")
      ? undefined
      : (await downloadObject(ctx, s3, downloadRequest(props, bucket, o.key), false, taken)).uri;
    objects.push(withValues({ ...o, uri, changeType: "CREATE" }));
  }
  await act(
    s3,
    action,
    bucket,
    listed.map((o) => o.key),
    moveTo,
  );
  return { variables: { objects } };
};

function downloadRequest(props: Props, bucket: string, key: string) {
  return {
    Bucket: bucket,
    Key: key,
    ExpectedBucketOwner: str(props, "expectedBucketOwner"),
    RequestPayer: str(props, "requestPayer"),
  };
}

/** What needs the state Kestra keeps between polls is refused with why, not silently ignored. */
function refuseState(props: Props): void {
  const stateful = ["stateKey", "stateTtl"].filter((p) => str(props, p) !== undefined);
  if (str(props, "on") === "UPDATE") stateful.unshift("on: UPDATE");
  if (stateful.length > 0)
    throw new Error(
      `${stateful.join(", ")}: this S3 Trigger keeps no state of the objects it saw (every object found is new); use action MOVE or DELETE so an object is not found again`,
    );
  const on = str(props, "on");
  if (on !== undefined && on !== "CREATE" && on !== "CREATE_OR_UPDATE")
    throw new Error(`'on' must be CREATE, UPDATE or CREATE_OR_UPDATE, got "${on}"`);
}

export const AWS_POLLS: PluginPolls = { [S3_TRIGGER]: poll };
