import type { Db } from "../db/create-client";
import { fromChunk, type LogLine } from "./log-line";

export interface ReadLogsOptions {
  /** Return lines with a sequence number greater than this. */
  afterSeq?: number;
  limit?: number;
  taskId?: string;
  /** Only these task runs' lines (Kestra's `taskRunId`: one ForEach iteration's task, say). */
  taskRunIds?: string[];
}

export const MAX_LOG_PAGE = 10_000;

/** Stored lines of an execution in sequence order, paged by sequence number. */
export async function readLogs(db: Db, executionId: string, options: ReadLogsOptions = {}): Promise<LogLine[]> {
  const after = options.afterSeq ?? 0;
  const limit = Math.min(options.limit ?? 1_000, MAX_LOG_PAGE);
  const out: LogLine[] = [];
  let cursor = after;
  // Chunks vary in size; read a few at a time until the page is full.
  for (;;) {
    const chunks = await db.logChunk.findMany({
      where: {
        executionId,
        lastSeq: { gt: cursor },
        ...(options.taskId ? { taskId: options.taskId } : {}),
        ...(options.taskRunIds?.length ? { taskRunId: { in: options.taskRunIds } } : {}),
      },
      orderBy: { firstSeq: "asc" },
      take: 8,
    });
    if (chunks.length === 0) return out;
    for (const chunk of chunks) {
      for (const line of fromChunk(chunk)) {
        if (line.seq <= after) continue;
        out.push(line);
        if (out.length >= limit) return out;
      }
      cursor = chunk.lastSeq;
    }
  }
}

/** Highest stored sequence number of an execution, 0 when it has none. */
export async function lastStoredSeq(db: Db, executionId: string): Promise<number> {
  const last = await db.logChunk.findFirst({
    where: { executionId },
    orderBy: { lastSeq: "desc" },
    select: { lastSeq: true },
  });
  return last?.lastSeq ?? 0;
}

/** Raw container lines of a task run already reflected in the store (0, 0 when none). */
export async function storedRawCounters(
  db: Db,
  executionId: string,
  taskRunId: string,
): Promise<{ stdout: number; stderr: number }> {
  const last = await db.logChunk.findFirst({
    where: { executionId, taskRunId, rawStdout: { not: null } },
    orderBy: { lastSeq: "desc" },
    select: { rawStdout: true, rawStderr: true },
  });
  return { stdout: last?.rawStdout ?? 0, stderr: last?.rawStderr ?? 0 };
}

/** How many lines a task run has stored. */
export async function storedLineCount(db: Db, executionId: string, taskRunId: string): Promise<number> {
  const chunks = await db.logChunk.findMany({
    where: { executionId, taskRunId },
    select: { firstSeq: true, lastSeq: true },
  });
  return chunks.reduce((n, c) => n + c.lastSeq - c.firstSeq + 1, 0);
}
