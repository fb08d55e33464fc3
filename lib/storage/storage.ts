import type { Readable } from "node:stream";

/** One entry of a folder listing: a stored object, or a folder that holds some (or was made empty). */
export interface StoredEntry {
  /** The last segment of its key. */
  name: string;
  type: "file" | "directory";
  /** Bytes of a file; 0 for a folder. */
  size: number;
  lastModified: Date;
  created: Date;
}

/**
 * Where output files and namespace files live, by key. Keys are `/`-separated relative paths such
 * as `executions/<id>/tasks/<taskId>/<taskRunId>/<name>` or `namespaces/<ns>/files/<path>` (see
 * storage-keys.ts), so an S3-compatible store can implement the same interface with the key as its
 * object name: a listing is a `ListObjectsV2` with `/` as delimiter, a folder made empty is a
 * zero-byte `<key>/` marker object, a move is copy-then-delete of each object under the key.
 */
export interface Storage {
  /** Writes `stream` under `key`, replacing any object there once it is complete; resolves to its size in bytes.
   *  A stream that errors (or is destroyed) leaves nothing behind and rejects with its error. */
  put(key: string, stream: Readable): Promise<number>;
  /** The object's bytes; an AppError NOT_FOUND when there is none. */
  get(key: string): Promise<{ stream: Readable; size: number }>;
  /** Removes one object; no error when it is absent. */
  delete(key: string): Promise<void>;
  /** Removes every object whose key starts with `prefix` + "/" (a whole folder such as `executions/<id>`). */
  deletePrefix(prefix: string): Promise<void>;
  /** What is at `key`: an object, a folder (objects under `key/`, or one made with makeFolder), or null. */
  stat(key: string): Promise<StoredEntry | null>;
  /** The objects and folders directly under `prefix` + "/", sorted by name; empty when there is none. */
  list(prefix: string): Promise<StoredEntry[]>;
  /** Keys (relative to `prefix`) of every object under `prefix` + "/", at any depth, sorted. */
  listAll(prefix: string): Promise<string[]>;
  /** Makes an (empty) folder at `key`, and its parents; nothing when it exists. */
  makeFolder(key: string): Promise<void>;
  /** Moves an object or a whole folder to `to` (its parents made); an AppError CONFLICT when `to` exists,
   *  NOT_FOUND when `from` does not. */
  move(from: string, to: string): Promise<void>;
}
