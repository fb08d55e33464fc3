import { formatBytes } from "../values/values";
import { Readable } from "node:stream";
import { AppError } from "../errors/app-error";
import type { FileSink } from "../runner/file-sink";
import type { Storage } from "../storage/storage";
import { type FileOwner, outputFileKey } from "../storage/storage-keys";

export interface OutputLimits {
  /** Largest single file (OSPREY_MAX_OUTPUT_FILE_BYTES). */
  maxFileBytes: number;
  /** Most bytes of all files of one task run (OSPREY_MAX_OUTPUT_BYTES_PER_TASK). */
  maxTaskBytes: number;
}

export interface StoredFile {
  name: string;
  size: number;
  storageKey: string;
}

const human = formatBytes;

/**
 * Streams a task run's output files into storage under the caps. A file announced (or found
 * while reading) over a cap is refused with a message naming it, the cap and its setting; the
 * caller then removes what this task run stored (`discardOutputFiles`).
 */
export class OutputFileSink implements FileSink {
  private readonly files = new Map<string, StoredFile>();
  /** Every byte stored, replaced files included: the cap bounds what was written, not what remains. */
  private total = 0;

  constructor(
    private readonly storage: Storage,
    private readonly owner: FileOwner,
    private readonly limits: OutputLimits,
  ) {}

  async accept(name: string, size: number | undefined, stream: AsyncIterable<Uint8Array>): Promise<void> {
    if (size !== undefined) this.check(name, size, size);
    const storageKey = outputFileKey(this.owner, name);
    const stored = await this.storage.put(storageKey, Readable.from(this.counted(name, stream), { objectMode: false }));
    this.files.set(name, { name, size: stored, storageKey });
  }

  /** Counts bytes as they pass: a file that grows past what it announced is still stopped at the cap
   *  (the throw ends the iteration, which destroys the source). */
  private async *counted(name: string, stream: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
    let fileBytes = 0;
    for await (const chunk of stream) {
      fileBytes += chunk.length;
      this.total += chunk.length;
      this.check(name, fileBytes, 0);
      yield chunk;
    }
  }

  /** The files stored, one per name (a later file of the same name replaced the earlier one). */
  stored(): StoredFile[] {
    return [...this.files.values()];
  }

  /** `fileBytes` of `name` so far; `more` bytes about to be added to the task's total. */
  private check(name: string, fileBytes: number, more: number): void {
    const { maxFileBytes, maxTaskBytes } = this.limits;
    if (fileBytes > maxFileBytes) {
      throw new AppError(
        "PAYLOAD_TOO_LARGE",
        `output file "${name}" is larger than ${human(maxFileBytes)}, the most one output file may be (OSPREY_MAX_OUTPUT_FILE_BYTES); no output file of this task was kept`,
      );
    }
    if (this.total + more > maxTaskBytes) {
      throw new AppError(
        "PAYLOAD_TOO_LARGE",
        `output files of this task pass ${human(maxTaskBytes)} at "${name}", the most one task may keep (OSPREY_MAX_OUTPUT_BYTES_PER_TASK); no output file of this task was kept`,
      );
    }
  }
}
