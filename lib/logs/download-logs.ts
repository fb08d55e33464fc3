import type { Db } from "../db/create-client";
import type { LogLine } from "./log-line";
import { MAX_LOG_PAGE, readLogs } from "./read-logs";

/** One line of a downloaded log: `2026-11-27T10:00:00.000Z INFO  [task] message`. */
export function formatLogLine(line: LogLine): string {
  return `${new Date(line.timestamp).toISOString()} ${line.level.padEnd(5)} [${line.taskId ?? "-"}] ${line.message}\n`;
}

/**
 * The stored log as plain text, read page by page as the client takes it (backpressure: a slow
 * download never holds more than one page in memory).
 */
export function logTextStream(
  db: Db,
  executionId: string,
  filter: { taskId?: string; taskRunIds?: string[] } = {},
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let afterSeq = 0;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const lines = await readLogs(db, executionId, { afterSeq, limit: MAX_LOG_PAGE, ...filter });
      if (lines.length === 0) {
        controller.close();
        return;
      }
      afterSeq = lines[lines.length - 1].seq;
      controller.enqueue(encoder.encode(lines.map(formatLogLine).join("")));
    },
  });
}
