import { Readable } from "node:stream";
import { listOf } from "../config";
import { State } from "../states/states";
import { OutputFileSink } from "../files/output-file-sink";
import {
  discardOutputFiles,
  type FileOwner,
  openFileByUri,
  readFileByUri,
  saveOutputFiles,
} from "../files/output-files";
import type { ExecutorDeps } from "../deps/executor-deps";
import { readBounded, safeRequest } from "../http-client/safe-request";
import { HttpClientError } from "../http-client/http-errors";
import { checkedAgents } from "../http-client/checked-agents";
import { hostConnector } from "../http-client/connect-to";
import { checkHostAllowed } from "../http-client/host-allowlist";
import { mayReach } from "../namespaces/namespace-access";
import { isWithin } from "../namespaces/namespace-reach";
import { NamespaceFiles } from "../namespace-files/namespace-files";
import { deleteFlow } from "../flows/delete-flow";
import { saveFlow, validateFlowSource } from "../flows/save-flow";
import type { ExecutionFacts, PluginContext, PluginRun } from "../plugin-kit/plugin-task";
import type { PluginFlows, PluginNamespaceFiles } from "../plugin-kit/plugin-task";
import type { ExecutionSession } from "../task-runs/execution-session";
import type { CoreTaskRunner } from "./core-tasks";
import { log, type TaskContext } from "./task-context";

/**
 * A plugin type's run, given the server's side of its port (lib/plugin-kit/plugin-task.ts). A run that
 * fails keeps none of the files it stored (an archive refused at its 21st entry leaves not its first 20).
 */
export function pluginLeaf(run: PluginRun, session: ExecutionSession): CoreTaskRunner {
  return async (ctx, task) => {
    const owner = { executionId: session.execution.id, taskRunId: ctx.taskRunId, taskId: ctx.taskId };
    try {
      const outcome = await run(pluginContext(ctx, session, owner), task);
      if (outcome.state === State.FAILED) await discardOutputFiles(ctx.deps, owner);
      return outcome;
    } catch (err) {
      await discardOutputFiles(ctx.deps, owner);
      throw err;
    }
  };
}

/** The port for one run; `owner` is the task run whose files it stores. */
function pluginContext(ctx: TaskContext, session: ExecutionSession, owner: FileOwner): PluginContext {
  const { id, namespace, flowId } = session.execution;
  const { config } = ctx.deps;
  const allowance = {
    allowPrivate: config.OSPREY_HTTP_ALLOW_PRIVATE,
    allowedNetworks: listOf(config.OSPREY_HTTP_ALLOWED_NETWORKS),
  };
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
        allowance,
        timeoutMs: 5 * 60_000,
        readTimeoutMs: readTimeoutMs ?? 10_000,
        followRedirects: false,
        maxRedirects: 0,
        signal: ctx.signal,
      });
      const text = (await readBounded(response.body, config.OSPREY_HTTP_MAX_RESPONSE_BYTES)).toString("utf8");
      return { status: response.status, body: text };
    },
    httpAgents: () => checkedAgents(allowance),
    connectTo: hostConnector(config, allowance),
    executionFacts: (executionId) => executionFacts(ctx.deps, namespace, executionId),
    openFile: (uri) => openFileByUri(ctx.deps, id, uri),
    readFile: (uri) => readFileByUri(ctx.deps, id, uri, config.OSPREY_MAX_OUTPUT_FILE_BYTES),
    allowHostFiles: config.OSPREY_ALLOW_SQL_HOST_FILES,
    async putFile(name, content) {
      sink ??= new OutputFileSink(ctx.deps.storage, owner, {
        maxFileBytes: config.OSPREY_MAX_OUTPUT_FILE_BYTES,
        maxTaskBytes: config.OSPREY_MAX_OUTPUT_BYTES_PER_TASK,
      });
      await sink.accept(name, undefined, Buffer.isBuffer(content) ? Readable.from([content]) : content);
      const stored = sink.stored().filter((f) => f.name === name);
      return (await saveOutputFiles(ctx.deps.db, owner, stored))[name];
    },
    flows: pluginFlows(ctx.deps, namespace, `flow ${namespace}.${flowId} (execution ${id})`),
    namespaceFiles: (target) => pluginNamespaceFiles(ctx.deps, namespace, target),
  };
}

/** OSPREY_NOTIFICATION_HOSTS: when set, the only hosts a notification may go to. */
function checkNotificationHost(url: string, allowed: string[]): void {
  let host: string;
  try {
    host = new URL(url).hostname;
  } catch {
    throw new HttpClientError(`"${url}" is not a valid URL`);
  }
  checkHostAllowed(host, allowed, "OSPREY_NOTIFICATION_HOSTS", "notifications may not be sent to");
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

/** What a flow of `from` may not touch: out of its reach by the namespace rules (lib/namespaces). */
async function checkReach(deps: ExecutorDeps, from: string, target: string, what: string): Promise<void> {
  if (!(await mayReach(deps.db, from, target)))
    throw new Error(`${what} of namespace ${target} are out of reach of a flow of ${from}`);
}

/** Flows for a plugin (the git sync and push tasks): saved through the editor's checks, by `savedBy`. */
function pluginFlows(deps: ExecutorDeps, from: string, savedBy: string): PluginFlows {
  const flows: PluginFlows = {
    async list(target, children) {
      await checkReach(deps, from, target, "the flows");
      const rows = await deps.db.flow.findMany({
        where: { deleted: false, namespace: children ? { startsWith: target } : target },
        select: { namespace: true, flowId: true, revision: true, source: true },
        orderBy: [{ namespace: "asc" }, { flowId: "asc" }],
      });
      // A prefix is not a namespace (`a.bc` is not below `a.b`), and SQLite's LIKE ignores case.
      return rows
        .filter((r) => (children ? isWithin(r.namespace, target) : r.namespace === target))
        .map((r) => ({ namespace: r.namespace, id: r.flowId, revision: r.revision, source: r.source }));
    },
    async validate(source) {
      const flow = validateFlowSource(source, deps.config, deps.config);
      await checkReach(deps, from, flow.namespace, "the flows");
      return { namespace: flow.namespace, id: flow.id };
    },
    async save(source) {
      const { namespace, id } = await flows.validate(source);
      const existing = await deps.db.flow.findUnique({
        where: { namespace_flowId: { namespace, flowId: id } },
        select: { deleted: true, revision: true, source: true },
      });
      const live = existing && !existing.deleted ? existing : null;
      if (live && live.source.trimEnd() === source.trimEnd())
        return { namespace, id, revision: live.revision, source: live.source, changed: false };
      const mode = live ? ({ create: false, namespace, id } as const) : ({ create: true } as const);
      const saved = await saveFlow(deps.db, source, mode, savedBy, deps.config);
      return { namespace, id, revision: saved.revision, source, changed: true };
    },
    async delete(namespace, id) {
      await checkReach(deps, from, namespace, "the flows");
      await deleteFlow(deps.db, namespace, id);
    },
  };
  return flows;
}

/** As saveFlow words a refused flow: its first problem with its line, and how many more. */
/** A namespace's files for a plugin, under the server's file size limit. */
async function pluginNamespaceFiles(deps: ExecutorDeps, from: string, target: string): Promise<PluginNamespaceFiles> {
  await checkReach(deps, from, target, "the files");
  const files = new NamespaceFiles(deps.storage, target, deps.config.OSPREY_MAX_NAMESPACE_FILE_BYTES);
  return {
    list: () => files.allFiles(),
    read: (path) => files.read(path),
    write: async (path, content) => void (await files.write(path, content)),
    delete: (path) => files.delete(path),
  };
}
