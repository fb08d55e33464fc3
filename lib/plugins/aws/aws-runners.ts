import type { PluginRunners } from "../../plugin-kit/plugin-task";
import {
  S3_COPY,
  S3_CREATE_BUCKET,
  S3_DELETE,
  S3_DELETE_LIST,
  S3_DOWNLOAD,
  S3_DOWNLOADS,
  S3_LIST,
  S3_UPLOAD,
} from "./aws-schemas";
import { download, downloads } from "./s3-download";
import { copy, createBucket, deleteList, deleteOne, list } from "./s3-object-tasks";
import { upload } from "./s3-upload";

export const AWS_RUNNERS: PluginRunners = {
  [S3_UPLOAD]: upload,
  [S3_DOWNLOAD]: download,
  [S3_DOWNLOADS]: downloads,
  [S3_LIST]: list,
  [S3_DELETE]: deleteOne,
  [S3_DELETE_LIST]: deleteList,
  [S3_COPY]: copy,
  [S3_CREATE_BUCKET]: createBucket,
};
