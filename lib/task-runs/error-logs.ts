import { fromChunk } from "../logs/log-line";
import type { ExecutionSession } from "./execution-session";

const MAX_ERROR_LOGS = 25;

/**
 * Kestra's `errorLogs()`: the execution's first 25 ERROR log entries, oldest first, each as Kestra's
 * LogEntry (namespace, flowId, taskId, executionId, taskRunId, timestamp, level, message).
 */
export async function errorLogsOf(session: ExecutionSession): Promise<Record<string, unknown>[]> {
  await session.writer.flush();
  const { execution, deps } = session;
  const out: Record<string, unknown>[] = [];
  // Most chunks hold no ERROR line; the text test skips them before any JSON is parsed.
  const chunks = await deps.db.logChunk.findMany({
    where: { executionId: execution.id, lines: { contains: '"ERROR"' } },
    orderBy: { firstSeq: "asc" },
  });
  for (const chunk of chunks) {
    for (const line of fromChunk(chunk)) {
      if (line.level !== "ERROR") continue;
      out.push({
        namespace: execution.namespace,
        flowId: execution.flowId,
        taskId: line.taskId,
        executionId: execution.id,
        taskRunId: line.taskRunId,
        timestamp: new Date(line.timestamp).toISOString(),
        level: line.level,
        message: line.message,
      });
      if (out.length >= MAX_ERROR_LOGS) return out;
    }
  }
  return out;
}
