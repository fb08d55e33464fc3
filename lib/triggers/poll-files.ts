import { Readable } from "node:stream";
import { AppError } from "../errors/app-error";
import type { OutputLimits } from "../files/output-file-sink";
import { inputFileKey, inputFileUri } from "../files/input-files";
import type { Storage } from "../storage/storage";
import { executionPrefix } from "../storage/storage-keys";
import { formatBytes } from "../values/values";

/**
 * Files a poll keeps for the execution it is about to start (a JDBC trigger's STORE). They are stored
 * under that execution's id as a FILE input is, before the execution exists: no row to write
 * afterwards, so its first task already reads them, and its purge removes them. Under the output file
 * limits; dropped when the poll starts nothing.
 */
export class PollFiles {
  private total = 0;
  private stored = false;

  constructor(
    private readonly storage: Storage | undefined,
    private readonly executionId: string,
    private readonly triggerId: string,
    private readonly limits: OutputLimits,
  ) {}

  async put(name: string, content: AsyncIterable<Uint8Array> | Buffer): Promise<string> {
    if (!this.storage) throw new Error("this scheduler keeps no files for triggers (it was started without storage)");
    const source = Buffer.isBuffer(content) ? [content] : content;
    this.stored = true;
    await this.storage.put(
      inputFileKey(this.executionId, this.triggerId, name),
      Readable.from(this.counted(name, source), { objectMode: false }),
    );
    return inputFileUri(this.executionId, this.triggerId, name);
  }

  /** Removes what was stored: the execution was not started. */
  async discard(): Promise<void> {
    if (this.stored) await this.storage?.deletePrefix(executionPrefix(this.executionId));
  }

  private async *counted(name: string, source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>) {
    let fileBytes = 0;
    for await (const chunk of source) {
      fileBytes += chunk.length;
      this.total += chunk.length;
      if (fileBytes > this.limits.maxFileBytes)
        throw new AppError(
          "PAYLOAD_TOO_LARGE",
          `trigger file "${name}" is larger than ${formatBytes(this.limits.maxFileBytes)}, the most one output file may be (OSPREY_MAX_OUTPUT_FILE_BYTES)`,
        );
      if (this.total > this.limits.maxTaskBytes)
        throw new AppError(
          "PAYLOAD_TOO_LARGE",
          `trigger files pass ${formatBytes(this.limits.maxTaskBytes)} at "${name}", the most one task may keep (OSPREY_MAX_OUTPUT_BYTES_PER_TASK)`,
        );
      yield chunk;
    }
  }
}
