import { z } from "zod";
import type { PluginTaskSchema } from "../../plugin-kit/plugin-task";
import { ZBool, ZDuration, ZExpression, ZNumber, ZStringMap } from "../../plugin-kit/props";

// Kestra's plugin-aws S3 tasks (io.kestra.plugin.aws.s3.*), with their property names and defaults.
// They have had no other names. The S3 Trigger's schema is in s3-trigger-schemas.ts (triggers are another port).

const PKG = "io.kestra.plugin.aws.s3";
export const S3_UPLOAD = `${PKG}.Upload`;
export const S3_DOWNLOAD = `${PKG}.Download`;
export const S3_DOWNLOADS = `${PKG}.Downloads`;
export const S3_LIST = `${PKG}.List`;
export const S3_DELETE = `${PKG}.Delete`;
export const S3_DELETE_LIST = `${PKG}.DeleteList`;
export const S3_COPY = `${PKG}.Copy`;
export const S3_CREATE_BUCKET = `${PKG}.CreateBucket`;

const text = (description: string) => z.string().optional().describe(description);
/** One of `values`, or an expression rendered at run time. */
export const oneOf = <T extends readonly [string, ...string[]]>(values: T) => z.union([z.enum(values), ZExpression]);

const connectionShape = {
  region: text("The AWS region. Default us-east-1."),
  endpointOverride: text(
    "The endpoint of an S3-compatible store (e.g. `http://minio:9000`); reached under the server's HTTP address rules.",
  ),
  compatibilityMode: ZBool.optional().describe(
    "Kestra's switch for S3-compatible stores; accepted, one client serves both here.",
  ),
  forcePathStyle: ZBool.optional().describe(
    "`endpoint/bucket/key` instead of `bucket.endpoint/key`. With Upload, Download, Downloads and Copy it needs `compatibilityMode: true`, as in Kestra.",
  ),
  accessKeyId: text(
    "The access key id (required here: flows do not borrow the server's own AWS credentials); keep it in a secret.",
  ),
  secretKeyId: text("The secret access key (required here); keep it in a secret."),
  sessionToken: text("A session token for temporary credentials."),
  stsRoleArn: text("Kestra's STS AssumeRole: not supported here (the task fails saying so)."),
  stsRoleExternalId: text("Used with stsRoleArn only."),
  stsRoleSessionName: text("Used with stsRoleArn only."),
  stsEndpointOverride: text("Used with stsRoleArn only."),
  stsRoleSessionDuration: ZDuration.optional().describe("Used with stsRoleArn only. Default PT15M."),
};

const bucketShape = {
  ...connectionShape,
  bucket: z.string().min(1).describe("The bucket."),
  requestPayer: text("`requester` for a Requester Pays bucket."),
};

/** List's own properties, which the S3 Trigger has too (s3-trigger-schemas.ts). */
export const listShape = {
  ...bucketShape,
  prefix: text("Only keys starting with this."),
  delimiter: text("Groups keys up to this character (keys below it are not listed)."),
  marker: text("List the keys after this one."),
  encodingType: text("`url` to have S3 encode keys in its answer."),
  maxKeys: ZNumber.optional().describe("Most keys listed, across pages. Default 1000."),
  expectedBucketOwner: text("The account id the bucket must belong to."),
  regexp: text("A regular expression the whole key must match, e.g. `.*\\.csv`."),
  filter: oneOf(["FILES", "DIRECTORY", "BOTH"] as const)
    .optional()
    .describe("Keys of files, of folders (ending in `/`), or both. Default BOTH."),
};

export const maxFiles = ZNumber.optional().describe(
  "Most objects returned; a longer listing is cut with a warning. Default 25.",
);
const validateChecksum = ZBool.optional().describe(
  "Have S3 send the object's stored checksum and check the bytes against it.",
);

export const ZObjectRef = z
  .object({
    bucket: z.string().optional(),
    key: z.string().optional(),
    versionId: z.string().optional().describe("The source's version (from only)."),
    serverSideEncryption: oneOf(["NONE", "AES256", "AWS_KMS"] as const).optional(),
    kmsKeyId: z.string().optional().describe("The KMS key, with serverSideEncryption AWS_KMS."),
  })
  .strict();

/** A source or a folder to move to: bucket and key required. */
const ZObjectAt = ZObjectRef.extend({ bucket: z.string().min(1), key: z.string().min(1) });

const uploadShape = {
  ...bucketShape,
  from: z
    .union([z.string(), z.array(z.string()), z.record(z.string(), z.string())])
    .describe(
      "The file(s) to upload: a URI (`{{ outputs.x.uri }}`), a list of URIs (each under `key/<its name>`), a map of name → URI (each under `key/<name>`), or either as JSON.",
    ),
  key: z.string().min(1).describe("The object's key; with several files, the folder they go under."),
  metadata: ZStringMap.optional().describe("User metadata stored with the object."),
  cacheControl: text("Cache-Control."),
  contentType: text("Content-Type."),
  contentEncoding: text("Content-Encoding."),
  contentDisposition: text("Content-Disposition."),
  contentLanguage: text("Content-Language."),
  contentLength: ZNumber.optional().describe("Content-Length; default the file's size."),
  expires: text("Expires, an ISO-8601 instant."),
  acl: text("A canned ACL such as `private` or `public-read`."),
  storageClass: text("STANDARD (default), STANDARD_IA, GLACIER, …"),
  serverSideEncryption: text("AES256, aws:kms or aws:kms:dsse."),
  bucketKeyEnabled: ZBool.optional(),
  checksumAlgorithm: oneOf(["CRC32", "CRC32_C", "SHA1", "SHA256"] as const).optional(),
  checksum: text("The checksum (base64) of the file by checksumAlgorithm."),
  expectedBucketOwner: text("The account id the bucket must belong to."),
  objectLockMode: oneOf(["GOVERNANCE", "COMPLIANCE"] as const).optional(),
  objectLockLegalHoldStatus: oneOf(["ON", "OFF"] as const).optional(),
  objectLockRetainUntilDate: text("An ISO-8601 instant."),
  tagging: ZStringMap.optional().describe("Tags of the object."),
  concurrentUploads: ZNumber.optional().describe("Files uploaded at once. Default 50."),
};

const downloadShape = {
  ...bucketShape,
  key: text("The key to download (one file), when none of prefix, delimiter or regexp is set."),
  versionId: text("A version of the key."),
  prefix: text("Several files: the keys starting with this."),
  delimiter: text("Several files: groups keys up to this character."),
  marker: text("Several files: list the keys after this one."),
  maxKeys: ZNumber.optional().describe("Several files: most keys listed. Default 1000."),
  regexp: text("Several files: a regular expression the whole key must match."),
  maxFiles,
  expectedBucketOwner: text("The account id the bucket must belong to."),
  validateChecksum,
};

/** Downloads' and the Trigger's `action`. */
export const ZAction = oneOf(["MOVE", "DELETE", "NONE"] as const)
  .optional()
  .describe("What to do with the listed objects once downloaded: MOVE (to moveTo), DELETE, or NONE (the default).");

const downloadsShape = {
  ...listShape,
  maxFiles,
  action: ZAction,
  moveTo: ZObjectAt.optional().describe("With MOVE: the bucket and the folder (key) the objects go to."),
  validateChecksum,
};

export const AWS_SCHEMAS: readonly PluginTaskSchema[] = [
  {
    type: S3_UPLOAD,
    aliases: [],
    title: "Upload files to S3",
    description: "Uploads one file, or several under a folder, from internal storage to a bucket.",
    shape: uploadShape,
  },
  {
    type: S3_DOWNLOAD,
    aliases: [],
    title: "Download objects from S3",
    description:
      "Downloads one object (`key`), or those a listing finds (`prefix`, `delimiter`, `regexp`), into internal storage.",
    shape: downloadShape,
  },
  {
    type: S3_DOWNLOADS,
    aliases: [],
    title: "Download multiple S3 objects",
    description: "Lists objects, downloads them into internal storage, then moves or deletes them (`action`).",
    shape: downloadsShape,
  },
  {
    type: S3_LIST,
    aliases: [],
    title: "List objects in an S3 bucket",
    description: "Lists the objects of a bucket, by prefix and regular expression, up to maxFiles.",
    shape: { ...listShape, maxFiles },
  },
  {
    type: S3_DELETE,
    aliases: [],
    title: "Delete a single S3 object",
    description: "Deletes one object by key.",
    shape: {
      ...bucketShape,
      key: z.string().min(1).describe("The key to delete."),
      bypassGovernanceRetention: ZBool.optional(),
      mfa: text("MFA serial and code, for a bucket with MFA delete."),
    },
  },
  {
    type: S3_DELETE_LIST,
    aliases: [],
    title: "Delete multiple S3 objects",
    description: "Deletes every object a listing finds (prefix, regexp, filter).",
    shape: {
      ...listShape,
      concurrent: ZNumber.optional().describe("Deletes at once (at least 2); default one after the other."),
      errorOnEmpty: ZBool.optional().describe("Fail when nothing matches. Default false."),
    },
  },
  {
    type: S3_COPY,
    aliases: [],
    title: "Copy an object between S3 locations",
    description: "Copies an object within a bucket or to another, optionally deleting the source.",
    shape: {
      ...connectionShape,
      from: ZObjectAt.describe("The source: bucket, key, optional versionId."),
      to: ZObjectRef.optional().describe("The destination: bucket and key (each defaults to the source's)."),
      delete: ZBool.optional().describe("Delete the source once copied. Default false."),
    },
  },
  {
    type: S3_CREATE_BUCKET,
    aliases: [],
    title: "Create an S3 bucket",
    description: "Creates a bucket, with optional ACL grants and Object Lock.",
    shape: {
      ...connectionShape,
      bucket: z.string().min(1).describe("The bucket to create."),
      grantFullControl: text("Grantees of read, write, read ACP and write ACP."),
      grantRead: text("Grantees allowed to list the objects."),
      grantReadACP: text("Grantees allowed to read the ACL."),
      grantWrite: text("Grantees allowed to create, overwrite and delete objects."),
      grantWriteACP: text("Grantees allowed to write the ACL."),
      acl: text("A canned ACL such as `private`."),
      objectLockEnabledForBucket: ZBool.optional(),
    },
  },
];
