import type { Readable } from "node:stream";

/**
 * Where output files live, by key. Keys are `/`-separated relative paths such as
 * `executions/<id>/tasks/<taskId>/<taskRunId>/<name>` (see storage-keys.ts), so an
 * S3-compatible store can implement the same interface with the key as its object name.
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
}
