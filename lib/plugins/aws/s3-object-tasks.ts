import { CreateBucketCommand, type BucketCannedACL, type BucketLocationConstraint } from "@aws-sdk/client-s3";
import type { PluginContext, PluginOutcome } from "../../plugin-kit/plugin-task";
import { State } from "../../states/states";
import { s3Session } from "./s3-client";
import { firstFiles, listObjects } from "./s3-listing";
import { bool, int, objectProp, type Props, required, str } from "./s3-props";
import { copyObject, deleteObject, eTags, withValues } from "./s3-transfer";
import { DeleteObjectCommand } from "@aws-sdk/client-s3";

// Kestra's List, Delete, DeleteList, Copy and CreateBucket: one request each, or one per listed object.

export async function list(ctx: PluginContext, props: Props): Promise<PluginOutcome> {
  required(props, "bucket", "List");
  const s3 = await s3Session(ctx, props, false);
  const objects = await listObjects(s3, props);
  ctx.log(
    `Found '${objects.length}' keys on ${str(props, "bucket")} with regexp='${str(props, "regexp") ?? null}', prefix=${str(props, "prefix") ?? null}`,
    "DEBUG",
  );
  return { state: State.SUCCESS, outputs: { objects: firstFiles(ctx, objects, props) } };
}

export async function deleteOne(ctx: PluginContext, props: Props): Promise<PluginOutcome> {
  const bucket = required(props, "bucket", "Delete");
  const key = required(props, "key", "Delete");
  const s3 = await s3Session(ctx, props, false);
  const bypass = str(props, "bypassGovernanceRetention");
  const out = await s3.send(
    new DeleteObjectCommand({
      Bucket: bucket,
      Key: key,
      BypassGovernanceRetention: bypass === undefined ? undefined : bool(props, "bypassGovernanceRetention", false),
      MFA: str(props, "mfa"),
      RequestPayer: str(props, "requestPayer") as "requester" | undefined,
    }),
  );
  return {
    state: State.SUCCESS,
    outputs: withValues({
      versionId: out.VersionId,
      deleteMarker: out.DeleteMarker,
      requestCharged: out.RequestCharged,
    }),
  };
}

export async function deleteList(ctx: PluginContext, props: Props): Promise<PluginOutcome> {
  const bucket = required(props, "bucket", "DeleteList");
  const concurrent = str(props, "concurrent") === undefined ? 1 : int(props, "concurrent", 2, 2);
  const s3 = await s3Session(ctx, props, false);
  const objects = await listObjects(s3, props);
  let count = 0;
  let size = 0;
  for (let i = 0; i < objects.length; i += concurrent) {
    await Promise.all(
      objects.slice(i, i + concurrent).map(async (o) => {
        ctx.log(`Deleting '${o.key}'`, "DEBUG");
        await deleteObject(s3, bucket, o.key);
        count++;
        size += o.size ?? 0;
      }),
    );
  }
  if (bool(props, "errorOnEmpty", false) && count === 0)
    throw new Error(
      `Unable to find any files to delete on ${bucket} with regexp='${str(props, "regexp") ?? null}', prefix='${str(props, "prefix") ?? null}'`,
    );
  ctx.log(`Deleted ${count} keys for ${size} bytes`);
  return { state: State.SUCCESS, outputs: { count, size } };
}

export async function copy(ctx: PluginContext, props: Props): Promise<PluginOutcome> {
  const from = objectProp(props, "from");
  if (!from) throw new Error("Copy: 'from' is required");
  const to = objectProp(props, "to") ?? {};
  const source = {
    bucket: required(from, "bucket", "Copy from"),
    key: required(from, "key", "Copy from"),
    versionId: str(from, "versionId"),
  };
  const target = {
    bucket: str(to, "bucket") ?? source.bucket,
    key: str(to, "key") ?? source.key,
    serverSideEncryption: str(to, "serverSideEncryption"),
    kmsKeyId: str(to, "kmsKeyId"),
  };
  const s3 = await s3Session(ctx, props, true);
  const copied = await copyObject(s3, source, target);
  if (bool(props, "delete", false)) await deleteObject(s3, source.bucket, source.key);
  return {
    state: State.SUCCESS,
    outputs: withValues({ bucket: target.bucket, key: target.key, ...eTags(copied.eTag) }),
  };
}

export async function createBucket(ctx: PluginContext, props: Props): Promise<PluginOutcome> {
  const bucket = required(props, "bucket", "CreateBucket");
  const s3 = await s3Session(ctx, props, false);
  const region = str(props, "region") ?? "us-east-1";
  const lock = str(props, "objectLockEnabledForBucket");
  const out = await s3.send(
    new CreateBucketCommand({
      Bucket: bucket,
      GrantFullControl: str(props, "grantFullControl"),
      GrantRead: str(props, "grantRead"),
      GrantReadACP: str(props, "grantReadACP"),
      GrantWrite: str(props, "grantWrite"),
      GrantWriteACP: str(props, "grantWriteACP"),
      ACL: str(props, "acl") as BucketCannedACL | undefined,
      ObjectLockEnabledForBucket: lock === undefined ? undefined : bool(props, "objectLockEnabledForBucket", false),
      // Java's SDK adds the client's region as the location outside us-east-1; this one does not by itself.
      CreateBucketConfiguration:
        region === "us-east-1" ? undefined : { LocationConstraint: region as BucketLocationConstraint },
    }),
  );
  return { state: State.SUCCESS, outputs: withValues({ bucket, region: out.Location }) };
}
