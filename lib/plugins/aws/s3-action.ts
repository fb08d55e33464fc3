import type { S3Session } from "./s3-client";
import { objectProp, type Props } from "./s3-props";
import { copyObject, deleteObject } from "./s3-transfer";

// Kestra's ActionInterface (MOVE, DELETE, NONE) and S3Service.performAction, shared by Downloads and
// the S3 Trigger: what becomes of the listed objects once downloaded.

const ACTIONS = ["MOVE", "DELETE", "NONE"] as const;
export type S3Action = (typeof ACTIONS)[number];

/** The rendered `action` (NONE when unset) and `moveTo`, checked before anything is listed. */
export function actionOf(props: Props): { action: S3Action; moveTo: Props | undefined } {
  // Optional in today's plugin (its documented examples leave it out): NONE.
  const action = props.action === undefined || props.action === null ? "NONE" : String(props.action);
  if (!ACTIONS.includes(action as S3Action)) throw new Error(`'action' must be MOVE, DELETE or NONE, got "${action}"`);
  const moveTo = objectProp(props, "moveTo");
  if (action === "MOVE" && !moveTo?.key) throw new Error("action MOVE needs 'moveTo' with a key (and a bucket)");
  return { action: action as S3Action, moveTo };
}

/**
 * S3Service.performAction: DELETE each key, or MOVE it to `moveTo.key/<its last segment>` in
 * `moveTo.bucket` (Copy's default: the source's bucket), then delete it.
 */
export async function act(
  s3: S3Session,
  action: S3Action,
  bucket: string,
  keys: string[],
  moveTo: Props | undefined,
): Promise<void> {
  for (const key of keys) {
    if (action === "DELETE") await deleteObject(s3, bucket, key);
    if (action === "MOVE") {
      const folder = `${String(moveTo!.key)}/`.replace(/\/+$/, "");
      const to = {
        bucket: moveTo!.bucket ? String(moveTo!.bucket) : bucket,
        key: `${folder}/${key.split("/").at(-1)}`,
        serverSideEncryption: moveTo!.serverSideEncryption as string | undefined,
        kmsKeyId: moveTo!.kmsKeyId as string | undefined,
      };
      await copyObject(s3, { bucket, key }, to);
      await deleteObject(s3, bucket, key);
    }
  }
}
