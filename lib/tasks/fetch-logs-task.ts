import { Readable } from "node:stream";
import { LOG_LEVELS, type TLogLevel } from "../flow/task-types/log";
import { OutputFileSink } from "../files/output-file-sink";
import { saveOutputFiles } from "../files/output-files";
import { readLogs } from "../logs/read-logs";
import { mayReach } from "../namespaces/namespace-access";
import type { TaskContext, TaskOutcome } from "./task-context";
import { State } from "../states/states";

const PAGE = 5_000;

/**
 * io.kestra.plugin.core.log.Fetch: an execution's logs (this one by default; another only in a
 * namespace this flow may reach, lib/namespaces) at `level` or above, optionally of some tasks, stored as a file of JSON lines:
 * `outputs.<id>.uri` and `outputs.<id>.size` (the number of lines).
 */
export async function runFetchLogsTask(ctx: TaskContext, task: Record<string, unknown>): Promise<TaskOutcome> {
  const { db, storage, config } = ctx.deps;
  const executionId = task.executionId ? String(task.executionId) : ctx.executionId;
  const own = await db.execution.findUniqueOrThrow({ where: { id: ctx.executionId }, select: { namespace: true } });
  const target = await db.execution.findUnique({
    where: { id: executionId },
    select: { namespace: true, flowId: true },
  });
  // Logs of a namespace out of this flow's reach read as missing, and "not found" says no more than that.
  if (!target || !(await mayReach(db, own.namespace, target.namespace)))
    return {
      state: State.FAILED,
      error: `execution ${executionId} not found in namespace ${own.namespace}`,
      outputs: {},
    };
  const minimum = LOG_LEVELS.indexOf(String(task.level ?? "INFO").toUpperCase() as TLogLevel);
  const tasks = Array.isArray(task.tasksId) ? new Set(task.tasksId.map(String)) : null;
  let size = 0;
  async function* lines(): AsyncGenerator<Uint8Array> {
    for (let after = 0; ; ) {
      const page = await readLogs(db, executionId, { afterSeq: after, limit: PAGE });
      if (page.length === 0) return;
      after = page.at(-1)!.seq;
      const kept = page.filter(
        (l) => LOG_LEVELS.indexOf(l.level) >= minimum && (!tasks || (l.taskId !== null && tasks.has(l.taskId))),
      );
      size += kept.length;
      const text = kept
        .map((l) =>
          JSON.stringify({
            executionId,
            namespace: target!.namespace,
            flowId: target!.flowId,
            taskId: l.taskId,
            taskRunId: l.taskRunId,
            timestamp: new Date(l.timestamp).toISOString(),
            level: l.level,
            message: l.message,
          }),
        )
        .join("\n");
      if (text) yield Buffer.from(`${text}\n`);
      if (page.length < PAGE) return;
    }
  }
  const owner = { executionId: ctx.executionId, taskRunId: ctx.taskRunId, taskId: ctx.taskId };
  const sink = new OutputFileSink(storage, owner, {
    maxFileBytes: config.OSPREY_MAX_OUTPUT_FILE_BYTES,
    maxTaskBytes: config.OSPREY_MAX_OUTPUT_BYTES_PER_TASK,
  });
  await sink.accept("logs.jsonl", undefined, Readable.from(lines()));
  const files = await saveOutputFiles(db, owner, sink.stored());
  return { state: State.SUCCESS, outputs: { uri: files["logs.jsonl"], size } };
}
