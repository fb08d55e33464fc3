import { Readable } from "node:stream";
import { listOf } from "../config";
import { OutputFileSink } from "../files/output-file-sink";
import { openFileByUri, readFileByUri, saveOutputFiles } from "../files/output-files";
import type { ExecutorDeps } from "../deps/executor-deps";
import { readBounded, safeRequest } from "../http-client/safe-request";
import { HttpClientError } from "../http-client/http-errors";
import { mayReach } from "../namespaces/namespace-access";
import type { ExecutionFacts, PluginContext, PluginRun } from "../plugin-kit/plugin-task";
import type { ExecutionSession } from "../task-runs/execution-session";
import type { CoreTaskRunner } from "./core-tasks";
import { log, type TaskContext } from "./task-context";

/** A plugin type's run, given the server's side of its port (lib/plugin-kit/plugin-task.ts). */
export function pluginLeaf(run: PluginRun, session: ExecutionSession): CoreTaskRunner {
  return (ctx, task) => run(pluginContext(ctx, session), task);
}

function pluginContext(ctx: TaskContext, session: ExecutionSession): PluginContext {
  const { id, namespace, flowId } = session.execution;
  const { config } = ctx.deps;
  const owner = { executionId: id, taskRunId: ctx.taskRunId, taskId: ctx.taskId };
  let sink: OutputFileSink | undefined;
  return {
    log: (message, level = "INFO") => void log(ctx, message, level, "system"),
    signal: ctx.signal,
    execution: { id, namespace, flowId },
    taskId: ctx.taskId,
    async post({ url, body, headers, readTimeoutMs }) {
      checkNotificationHost(url, listOf(config.OSPREY_NOTIFICATION_HOSTS));
      const response = await safeRequest({
        url,
        method: "POST",
        headers,
        body: Buffer.from(body),
        allowance: {
          allowPrivate: config.OSPREY_HTTP_ALLOW_PRIVATE,
          allowedNetworks: listOf(config.OSPREY_HTTP_ALLOWED_NETWORKS),
        },
        timeoutMs: 5 * 60_000,
        readTimeoutMs: readTimeoutMs ?? 10_000,
        followRedirects: false,
        maxRedirects: 0,
        signal: ctx.signal,
      });
      const text = (await readBounded(response.body, config.OSPREY_HTTP_MAX_RESPONSE_BYTES)).toString("utf8");
      return { status: response.status, body: text };
    },
    executionFacts: (executionId) => executionFacts(ctx.deps, namespace, executionId),
    openFile: (uri) => openFileByUri(ctx.deps, id, uri),
    readFile: (uri) => readFileByUri(ctx.deps, id, uri, config.OSPREY_MAX_OUTPUT_FILE_BYTES),
    async putFile(name, content) {
      sink ??= new OutputFileSink(ctx.deps.storage, owner, {
        maxFileBytes: config.OSPREY_MAX_OUTPUT_FILE_BYTES,
        maxTaskBytes: config.OSPREY_MAX_OUTPUT_BYTES_PER_TASK,
      });
      await sink.accept(name, undefined, Buffer.isBuffer(content) ? Readable.from([content]) : content);
      const stored = sink.stored().filter((f) => f.name === name);
      return (await saveOutputFiles(ctx.deps.db, owner, stored))[name];
    },
  };
}

/** OSPREY_NOTIFICATION_HOSTS: when set, the only hosts a notification may go to. */
function checkNotificationHost(url: string, allowed: string[]): void {
  if (allowed.length === 0) return;
  let host: string;
  try {
    host = new URL(url).hostname.toLowerCase();
  } catch {
    throw new HttpClientError(`"${url}" is not a valid URL`);
  }
  const ok = allowed.some((pattern) => {
    const p = pattern.toLowerCase();
    return p.startsWith("*.") ? host.endsWith(p.slice(1)) : host === p;
  });
  if (!ok)
    throw new HttpClientError(
      `notifications may not be sent to ${host}: an admin allows only ${allowed.join(", ")} (OSPREY_NOTIFICATION_HOSTS)`,
    );
}

/** An execution as a notification reports it; one of a namespace this flow may not reach reads as missing. */
async function executionFacts(deps: ExecutorDeps, from: string, executionId: string): Promise<ExecutionFacts | null> {
  const execution = await deps.db.execution.findUnique({
    where: { id: executionId },
    select: {
      id: true,
      namespace: true,
      flowId: true,
      state: true,
      createdAt: true,
      startedAt: true,
      endedAt: true,
      taskRuns: { select: { taskId: true, state: true, error: true }, orderBy: { position: "asc" } },
    },
  });
  if (!execution || !(await mayReach(deps.db, from, execution.namespace))) return null;
  const base = deps.config.OSPREY_BASE_URL?.replace(/\/+$/, "");
  return {
    id: execution.id,
    namespace: execution.namespace,
    flowId: execution.flowId,
    state: execution.state,
    startDate: execution.startedAt ?? execution.createdAt,
    endDate: execution.endedAt,
    taskRuns: execution.taskRuns,
    link: base ? `${base}/executions/${execution.id}` : null,
  };
}
