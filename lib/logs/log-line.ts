import type { TLogLevel } from "../flow/task-types/log";

export type LogStream = "stdout" | "stderr" | "system";

/** One stored log line. `seq` numbers the lines of one execution from 1, with no gap. */
export interface LogLine {
  seq: number;
  taskRunId: string | null;
  taskId: string | null;
  timestamp: number;
  stream: LogStream;
  level: TLogLevel;
  message: string;
}

/** Raw container lines consumed so far by the task run that produced a line (see LogChunk.rawStdout). */
export interface RawCounters {
  stdout: number;
  stderr: number;
}

export type NewLogLine = Omit<LogLine, "seq" | "timestamp"> & { timestamp?: number; raw?: RawCounters };

/** How a line sits inside a stored chunk: everything but what the chunk row already says. */
export type StoredLineTuple = [timestamp: number, stream: LogStream, level: TLogLevel, message: string];

export function fromChunk(chunk: {
  firstSeq: number;
  taskRunId: string | null;
  taskId: string | null;
  lines: string;
}): LogLine[] {
  const tuples = JSON.parse(chunk.lines) as StoredLineTuple[];
  return tuples.map(([timestamp, stream, level, message], i) => ({
    seq: chunk.firstSeq + i,
    taskRunId: chunk.taskRunId,
    taskId: chunk.taskId,
    timestamp,
    stream,
    level,
    message,
  }));
}
