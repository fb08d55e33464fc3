import { processCounters } from "../metrics/process-counters";
import type { Db } from "../db/create-client";
import { LOG_LEVELS, type TLogLevel } from "../flow/task-types/common";
import type { LogBus } from "./log-bus";
import type { LogLine, NewLogLine, RawCounters } from "./log-line";
import { lastStoredSeq } from "./read-logs";
import { type ChunkRow, isDuplicateSeq, isStored, storeChunks } from "./store-chunks";

export interface LogWriterOptions {
  /** Flush at least this often while lines arrive (ms). */
  flushMs: number;
  /** Lines held in memory before producers are asked to wait. */
  highWaterLines: number;
  /** Most lines in one stored chunk. */
  chunkLines?: number;
  /** Rewrites each message before it is stored (secret masking). */
  transform?: (message: string) => string;
  /** Most lines stored per task run; past it, one truncation line, then lines are dropped. */
  maxLinesPerTaskRun?: number;
  /** The holder (OSPREY_WORKER_NAME) of the task runs this writer writes for: lines of a task run
   *  another holder took over are dropped, and `onFenced` is told (see storeChunks). */
  holder?: string;
  onFenced?: (taskRunId: string) => void;
  /** Tells whether a failed write met a database outage: it is then tried again (with backoff)
   *  while producers wait, instead of failing the writer. */
  isTransient?: (err: unknown) => boolean;
}

const DEFAULT_CHUNK_LINES = 2_000;
/** Backoff between tries of a write that met a database outage. */
const OUTAGE_WAITS_MS = [100, 200, 500, 1_000, 2_000, 5_000];
/** Times a batch is numbered again after another writer took its numbers (each time, one of them wins). */
const MAX_RENUMBER = 1_000;
/** Keep chunks small enough that one row stays cheap to read and to send. */
const MAX_CHUNK_CHARS = 512 * 1024;

/**
 * A chunk being filled: its lines already serialized as the JSON tuples it will be stored as. Its
 * sequence numbers are given when it is stored, so task runs writing at once (parallel branches)
 * each fill their own chunk instead of cutting one another's into one-line rows.
 */
interface OpenChunk {
  taskRunId: string | null;
  taskId: string | null;
  tuples: string[];
  chars: number;
  raw?: RawCounters;
  /** The lines as objects, only while someone follows live; numbered when stored. */
  live: Omit<LogLine, "seq">[] | null;
}

/**
 * The log pipeline of one execution: numbers lines, stores them in batches, then publishes them.
 * Persist-before-publish means a viewer that joins late or reconnects misses nothing and sees
 * no line twice. Producers honour backpressure through `append`'s return value and `drained()`.
 * Lines are serialized once, on arrival; line objects are built only while someone follows live.
 */
export class LogWriter {
  private nextSeq: number;
  private closed: OpenChunk[] = [];
  /** One chunk being filled per task run ("" for the execution's own lines). */
  private open = new Map<string, OpenChunk>();
  private pendingLines = 0;
  private timer: NodeJS.Timeout | null = null;
  private immediate = false;
  private flushing: Promise<void> = Promise.resolve();
  private waiters: (() => void)[] = [];
  private failure: Error | null = null;
  private readonly chunkLines: number;
  private readonly perTaskRun = new Map<string, number>();
  /** Task runs another holder took over: their lines are no longer this writer's to store. */
  private readonly fenced = new Set<string>();
  /** A task's `logLevel`: its lines below it are dropped (Kestra sets the task logger's level). */
  private readonly lowestLevel = new Map<string, number>();
  /** A task's `logToFile`: its lines, as text, kept for a file instead of the log. */
  private readonly fileLines = new Map<string, string[]>();

  constructor(
    private readonly db: Db,
    private readonly bus: LogBus,
    private readonly executionId: string,
    lastSeq: number,
    private readonly options: LogWriterOptions,
  ) {
    this.nextSeq = lastSeq + 1;
    this.chunkLines = options.chunkLines ?? DEFAULT_CHUNK_LINES;
  }

  /** Queues a line; returns false when the buffer is full and the producer should wait for `drained()`. */
  append(line: NewLogLine): boolean {
    if (this.failure) throw this.failure;
    if (line.taskRunId && this.fenced.has(line.taskRunId)) return true;
    const lowest = line.taskRunId ? this.lowestLevel.get(line.taskRunId) : undefined;
    if (lowest !== undefined && LOG_LEVELS.indexOf(line.level) < lowest) return true;
    const cap = this.options.maxLinesPerTaskRun;
    if (cap !== undefined && line.taskRunId) {
      const n = (this.perTaskRun.get(line.taskRunId) ?? 0) + 1;
      this.perTaskRun.set(line.taskRunId, n);
      if (n > cap + 1) return this.pendingLines < this.options.highWaterLines;
      if (n === cap + 1) {
        line = {
          ...line,
          stream: "system",
          level: "WARN",
          message: `[log truncated: this task stored ${cap} lines, the most a task may; later lines are dropped]`,
        };
      }
    }
    const message = this.options.transform ? this.options.transform(line.message) : line.message;
    const timestamp = line.timestamp ?? Date.now();
    const file = line.taskRunId ? this.fileLines.get(line.taskRunId) : undefined;
    if (file) {
      // The layout of Kestra's FileAppender, less its thread and logger names.
      file.push(`${new Date(timestamp).toISOString()} ${line.level.padEnd(5)} ${message}\n`);
      return true;
    }
    const key = line.taskRunId ?? "";
    let chunk = this.open.get(key);
    if (!chunk || chunk.tuples.length >= this.chunkLines || chunk.chars >= MAX_CHUNK_CHARS) {
      if (chunk) this.closed.push(chunk);
      chunk = {
        taskRunId: line.taskRunId,
        taskId: line.taskId,
        tuples: [],
        chars: 0,
        live: this.bus.hasSubscribers(this.executionId) ? [] : null,
      };
      this.open.set(key, chunk);
    }
    const tuple = `[${timestamp},"${line.stream}","${line.level}",${JSON.stringify(message)}]`;
    chunk.tuples.push(tuple);
    chunk.chars += tuple.length;
    if (line.raw) chunk.raw = { ...line.raw };
    chunk.live?.push({
      taskRunId: line.taskRunId,
      taskId: line.taskId,
      timestamp,
      stream: line.stream,
      level: line.level,
      message,
    });
    this.pendingLines++;
    this.flushSoon(this.closed.length > 0 ? 0 : this.options.flushMs);
    return this.pendingLines < this.options.highWaterLines;
  }

  /** Keeps only `taskRunId`'s lines at `level` and above (its task's `logLevel`). */
  keepFrom(taskRunId: string, level: TLogLevel): void {
    this.lowestLevel.set(taskRunId, LOG_LEVELS.indexOf(level));
  }

  /** From now on `taskRunId`'s lines are kept for `takeFile` instead of being stored (its task's `logToFile`). */
  toFile(taskRunId: string): void {
    if (!this.fileLines.has(taskRunId)) this.fileLines.set(taskRunId, []);
  }

  /** The text of `taskRunId`'s lines kept since `toFile`; its later lines are stored again. */
  takeFile(taskRunId: string): string {
    const lines = this.fileLines.get(taskRunId) ?? [];
    this.fileLines.delete(taskRunId);
    return lines.join("");
  }

  /** Lines a task run already stored before this writer existed (a resumed run), for the cap. */
  countStored(taskRunId: string, lines: number): void {
    this.perTaskRun.set(taskRunId, lines);
  }

  /** Resolves once the buffer is below its high-water mark. */
  drained(): Promise<void> {
    if (this.pendingLines < this.options.highWaterLines || this.failure) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Stores and publishes everything appended so far. */
  async flush(): Promise<void> {
    this.clearTimer();
    this.flushing = this.flushing.then(() => this.writePending());
    await this.flushing;
    if (this.failure) throw this.failure;
  }

  /** The last sequence number stored (lines still buffered have none yet). */
  get lastSeq(): number {
    return this.nextSeq - 1;
  }

  private flushSoon(delay: number): void {
    if (this.timer && (this.immediate || delay > 0)) return;
    this.clearTimer();
    this.immediate = delay === 0;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.flush().catch(() => {
        // Kept in this.failure and thrown to the next append or flush.
      });
    }, delay);
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private async writePending(): Promise<void> {
    while ((this.closed.length > 0 || this.open.size > 0) && !this.failure) {
      const chunks = [...this.closed, ...this.open.values()];
      this.closed = [];
      this.open = new Map();
      const written = chunks.reduce((n, c) => n + c.tuples.length, 0);
      let live: LogLine[] = [];
      let outage = 0;
      let unanswered = false;
      for (let tries = 0; ; tries++) {
        // Numbered now, in the order the chunks were closed: each chunk's lines stay consecutive.
        const firstSeqs = chunks.map((c) => {
          const first = this.nextSeq;
          this.nextSeq += c.tuples.length;
          return first;
        });
        live = chunks.flatMap((c, i) => (c.live ?? []).map((l, j) => ({ ...l, seq: firstSeqs[i] + j })));
        const rows = chunks.map((c, i) => ({
          executionId: this.executionId,
          firstSeq: firstSeqs[i],
          lastSeq: firstSeqs[i] + c.tuples.length - 1,
          taskRunId: c.taskRunId,
          taskId: c.taskId,
          lines: `[${c.tuples.join(",")}]`,
          rawStdout: c.raw?.stdout ?? null,
          rawStderr: c.raw?.stderr ?? null,
        }));
        try {
          const refused = await storeChunks(this.db, rows, this.options.holder);
          if (refused.size > 0) live = live.filter((l) => !l.taskRunId || !refused.has(l.taskRunId));
          for (const id of refused) this.fence(id);
          break;
        } catch (err) {
          // An outage: the same numbers are tried again once the database answers. A write whose
          // answer was lost may have been stored: its numbers then hold exactly these lines.
          if (this.options.isTransient?.(err)) {
            unanswered = true;
            this.nextSeq = firstSeqs[0];
            await new Promise((resolve) =>
              setTimeout(resolve, OUTAGE_WAITS_MS[Math.min(outage++, OUTAGE_WAITS_MS.length - 1)]),
            );
            continue;
          }
          if (unanswered && isDuplicateSeq(err) && (await this.storedAlready(rows))) break;
          // Another process (a worker running a task of the same execution) stored these numbers
          // first: number on after the last stored line and write again. Chunks are stored whole,
          // so the numbers a writer starts from are always right after a stored chunk.
          if (isDuplicateSeq(err) && tries < MAX_RENUMBER) {
            this.nextSeq = (await lastStoredSeq(this.db, this.executionId)) + 1;
            continue;
          }
          this.failure = err instanceof Error ? err : new Error(String(err));
          break;
        }
      }
      this.pendingLines -= written;
      if (!this.failure) {
        processCounters().logLinesWritten += written;
        this.bus.publishLines(this.executionId, live, this.nextSeq - 1);
      }
      this.releaseWaiters();
    }
  }

  /** Whether every row is stored as is (an earlier try went through, its answer lost in an outage). */
  private async storedAlready(rows: ChunkRow[]): Promise<boolean> {
    for (const row of rows) if (!(await isStored(this.db, row).catch(() => false))) return false;
    return true;
  }

  private fence(taskRunId: string): void {
    if (this.fenced.has(taskRunId)) return;
    this.fenced.add(taskRunId);
    this.options.onFenced?.(taskRunId);
  }

  private releaseWaiters(): void {
    if (this.pendingLines >= this.options.highWaterLines && !this.failure) return;
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }
}
