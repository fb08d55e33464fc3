import type { ClientLogLine } from "./log-types";

export const LEVELS = ["TRACE", "DEBUG", "INFO", "WARN", "ERROR"] as const;
const STREAMS = ["stdout", "stderr", "system"] as const;
const ANSI = /\x1b\[[0-9;]*[A-Za-z]/g;

export interface LogFilter {
  /** Levels to show; empty shows all. */
  levels: string[];
  taskId: string | null;
  /** Only lines of these task runs (one ForEach iteration's, say); null shows every run's. */
  taskRunIds?: ReadonlySet<string> | null;
}

/**
 * An execution's log lines in columns (typed arrays and one string array), not one object per
 * line: a million lines stay tens of megabytes and filtering or searching them is a plain loop.
 */
export class LogStore {
  length = 0;
  private seqs = new Float64Array(1024);
  private times = new Float64Array(1024);
  private levels = new Uint8Array(1024);
  private streams = new Uint8Array(1024);
  private tasks = new Uint16Array(1024);
  /** Index of each line's task run in `runIds` (0: none); a ForEach may have more than 65,535. */
  private runs = new Uint32Array(1024);
  /** 0, 1, 2, …: what an empty filter selects, without a pass over every line. */
  private identity = Int32Array.from({ length: 1024 }, (_, i) => i);
  private messages: string[] = [];
  private taskNames: (string | null)[] = [null];
  private runIds: (string | null)[] = [null];
  private runIndex = new Map<string | null, number>([[null, 0]]);

  /** Appends lines in sequence order; lines already held (a reconnect resending) are skipped. */
  push(lines: ClientLogLine[]): void {
    for (const line of lines) {
      if (this.length && line.seq <= this.seqs[this.length - 1]) continue;
      if (this.length === this.seqs.length) this.grow();
      const i = this.length++;
      this.seqs[i] = line.seq;
      this.times[i] = line.timestamp;
      this.levels[i] = Math.max(0, LEVELS.indexOf(line.level as (typeof LEVELS)[number]));
      this.streams[i] = Math.max(0, STREAMS.indexOf(line.stream));
      this.tasks[i] = this.taskIndex(line.taskId);
      this.runs[i] = this.runIndexOf(line.taskRunId);
      this.messages[i] = line.message;
    }
  }

  line(i: number): ClientLogLine {
    return {
      seq: this.seqs[i],
      timestamp: this.times[i],
      level: LEVELS[this.levels[i]],
      stream: STREAMS[this.streams[i]],
      taskId: this.taskNames[this.tasks[i]],
      taskRunId: this.runIds[this.runs[i]],
      message: this.messages[i],
    };
  }

  /** Indices of the lines a filter lets through, in order. */
  select(filter: LogFilter): Int32Array {
    const byRun = filter.taskRunIds ?? null;
    if (filter.levels.length === 0 && filter.taskId === null && byRun === null)
      return this.identity.subarray(0, this.length);
    const levels = new Set(
      filter.levels.map((l) => LEVELS.indexOf(l as (typeof LEVELS)[number])).filter((l) => l >= 0),
    );
    const task = filter.taskId === null ? -1 : this.taskNames.indexOf(filter.taskId);
    if (filter.taskId !== null && task < 0) return new Int32Array(0);
    const runs = byRun && new Set([...byRun].map((id) => this.runIndex.get(id) ?? -1).filter((r) => r > 0));
    const out = new Int32Array(this.length);
    let n = 0;
    for (let i = 0; i < this.length; i++) {
      if (levels.size && !levels.has(this.levels[i])) continue;
      if (task >= 0 && this.tasks[i] !== task) continue;
      if (runs && !runs.has(this.runs[i])) continue;
      out[n++] = i;
    }
    return out.subarray(0, n);
  }

  /** Positions within `indices` whose text contains `query` (case-insensitive, colour codes ignored). */
  search(indices: Int32Array, query: string): Int32Array {
    const q = query.toLowerCase();
    if (!q) return new Int32Array(0);
    const out: number[] = [];
    for (let p = 0; p < indices.length; p++)
      if (plainText(this.messages[indices[p]]).toLowerCase().includes(q)) out.push(p);
    return Int32Array.from(out);
  }

  /** Position within `indices` of the first ERROR line, or -1. */
  firstError(indices: Int32Array): number {
    const error = LEVELS.indexOf("ERROR");
    for (let p = 0; p < indices.length; p++) if (this.levels[indices[p]] === error) return p;
    return -1;
  }

  /** Index of the line with sequence number `seq` (lines are in order), or -1. */
  indexOfSeq(seq: number): number {
    return binarySearch(this.seqs, seq, this.length);
  }

  taskIds(): string[] {
    return this.taskNames.filter((t): t is string => t !== null);
  }

  private taskIndex(taskId: string | null): number {
    const at = this.taskNames.indexOf(taskId);
    if (at >= 0) return at;
    this.taskNames.push(taskId);
    return this.taskNames.length - 1;
  }

  private runIndexOf(taskRunId: string | null): number {
    let at = this.runIndex.get(taskRunId);
    if (at === undefined) {
      at = this.runIds.length;
      this.runIds.push(taskRunId);
      this.runIndex.set(taskRunId, at);
    }
    return at;
  }

  private grow() {
    const size = this.seqs.length * 2;
    const grown = <T extends Float64Array | Uint8Array | Uint16Array | Uint32Array | Int32Array>(
      old: T,
      make: (n: number) => T,
    ): T => {
      const next = make(size);
      next.set(old);
      return next;
    };
    this.seqs = grown(this.seqs, (n) => new Float64Array(n));
    this.times = grown(this.times, (n) => new Float64Array(n));
    this.levels = grown(this.levels, (n) => new Uint8Array(n));
    this.streams = grown(this.streams, (n) => new Uint8Array(n));
    this.tasks = grown(this.tasks, (n) => new Uint16Array(n));
    this.runs = grown(this.runs, (n) => new Uint32Array(n));
    const identity = new Int32Array(size);
    identity.set(this.identity);
    for (let i = this.identity.length; i < size; i++) identity[i] = i;
    this.identity = identity;
  }
}

/** Where `value` sits among the first `length` numbers of an ascending array, or -1. */
export function binarySearch(sorted: ArrayLike<number>, value: number, length = sorted.length): number {
  let lo = 0;
  let hi = length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] === value) return mid;
    if (sorted[mid] < value) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/** The text a reader sees: ANSI colour codes removed. */
export function plainText(message: string): string {
  return message.includes("\x1b") ? message.replace(ANSI, "") : message;
}
