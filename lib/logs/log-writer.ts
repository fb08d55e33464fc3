import type { Db } from "../db/create-client";
import type { LogBus } from "./log-bus";
import { type LogLine, type NewLogLine, toTuple } from "./log-line";

export interface LogWriterOptions {
  /** Flush at least this often while lines arrive (ms). */
  flushMs: number;
  /** Lines held in memory before producers are asked to wait. */
  highWaterLines: number;
  /** Most lines in one stored chunk. */
  chunkLines?: number;
  /** Rewrites each message before it is stored (secret masking). */
  transform?: (message: string) => string;
}

const DEFAULT_CHUNK_LINES = 2_000;
/** Keep chunks small enough that one row stays cheap to read and to send. */
const MAX_CHUNK_CHARS = 512 * 1024;

/**
 * The log pipeline of one execution: numbers lines, stores them in batches, then publishes them.
 * Persist-before-publish means a viewer that joins late or reconnects misses nothing and sees
 * no line twice. Producers honour backpressure through `append`'s return value and `drained()`.
 */
export class LogWriter {
  private nextSeq: number;
  private pending: LogLine[] = [];
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> = Promise.resolve();
  private waiters: (() => void)[] = [];
  private failure: Error | null = null;

  constructor(
    private readonly db: Db,
    private readonly bus: LogBus,
    private readonly executionId: string,
    lastSeq: number,
    private readonly options: LogWriterOptions,
  ) {
    this.nextSeq = lastSeq + 1;
  }

  /** Queues a line; returns false when the buffer is full and the producer should wait for `drained()`. */
  append(line: NewLogLine): boolean {
    if (this.failure) throw this.failure;
    const message = this.options.transform ? this.options.transform(line.message) : line.message;
    this.pending.push({ ...line, message, seq: this.nextSeq++, timestamp: line.timestamp ?? Date.now() });
    if (this.pending.length >= (this.options.chunkLines ?? DEFAULT_CHUNK_LINES)) this.flushSoon(0);
    else this.flushSoon(this.options.flushMs);
    return this.pending.length < this.options.highWaterLines;
  }

  /** Resolves once the buffer is below its high-water mark. */
  drained(): Promise<void> {
    if (this.pending.length < this.options.highWaterLines) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Stores and publishes everything appended so far. */
  async flush(): Promise<void> {
    this.clearTimer();
    this.flushing = this.flushing.then(() => this.writePending());
    await this.flushing;
    if (this.failure) throw this.failure;
  }

  get lastSeq(): number {
    return this.nextSeq - 1;
  }

  private flushSoon(delay: number): void {
    if (this.timer && delay > 0) return;
    this.clearTimer();
    this.timer = setTimeout(() => {
      this.timer = null;
      this.flush().catch(() => {
        // The failure is kept in this.failure and thrown to the next append or flush.
      });
    }, delay);
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private async writePending(): Promise<void> {
    while (this.pending.length > 0 && !this.failure) {
      const batch = this.pending;
      this.pending = [];
      const chunks = toChunks(batch, this.options.chunkLines ?? DEFAULT_CHUNK_LINES);
      try {
        await this.db.logChunk.createMany({
          data: chunks.map((c) => ({
            executionId: this.executionId,
            firstSeq: c[0].seq,
            lastSeq: c[c.length - 1].seq,
            taskRunId: c[0].taskRunId,
            taskId: c[0].taskId,
            lines: JSON.stringify(c.map(toTuple)),
          })),
        });
      } catch (err) {
        this.failure = err instanceof Error ? err : new Error(String(err));
      }
      if (!this.failure) this.bus.publishLines(this.executionId, batch);
      this.releaseWaiters();
    }
  }

  private releaseWaiters(): void {
    if (this.pending.length >= this.options.highWaterLines && !this.failure) return;
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }
}

/** Consecutive lines of the same task run, cut by line count and size. */
function toChunks(lines: LogLine[], maxLines: number): LogLine[][] {
  const chunks: LogLine[][] = [];
  let current: LogLine[] = [];
  let chars = 0;
  for (const line of lines) {
    const sameRun = current.length === 0 || current[0].taskRunId === line.taskRunId;
    if (!sameRun || current.length >= maxLines || chars + line.message.length > MAX_CHUNK_CHARS) {
      if (current.length) chunks.push(current);
      current = [];
      chars = 0;
    }
    current.push(line);
    chars += line.message.length;
  }
  if (current.length) chunks.push(current);
  return chunks;
}
