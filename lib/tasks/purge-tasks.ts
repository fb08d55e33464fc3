import picomatch from "picomatch";
import type { Db } from "../db/create-client";
import { fileUri } from "../files/output-files";
import { kvAccessDenied } from "../kv/kv-lookup";
import { mayReach, mayShare } from "../namespaces/namespace-access";
import { ENDED, State } from "../states/states";
import { purgeExecutions as purgeExecutionRows } from "../retention/purge-executions";
import { executionPrefix } from "../storage/storage-keys";
import { toBool } from "../values/values";
import type { CoreTaskRunner } from "./core-tasks";
import { log } from "./task-context";

// Kestra's PurgeExecutions, PurgeLogs, PurgeKV and PurgeCurrentExecutionFiles. A purge acts in the
// flow's own namespace and those below it unless it names one it may reach; it never touches an
// execution that is still going (the one running it included).

type Task = Record<string, unknown>;
type ExecutionWhere = NonNullable<NonNullable<Parameters<Db["execution"]["findMany"]>[0]>["where"]>;

/** The executions a purge may touch: ended, in reach, in the date range, of the flow and states given. */
async function executionsWhere(db: Db, from: string, task: Task): Promise<ExecutionWhere> {
  const namespace = task.namespace ? String(task.namespace) : from;
  if (!(await mayReach(db, from, namespace)))
    throw new Error(`the executions of namespace ${namespace} are out of reach of a flow of ${from}`);
  const states = Array.isArray(task.states) ? task.states.map(String).filter((s) => ENDED.has(s)) : ENDED.list();
  return {
    OR: [{ namespace }, { namespace: { startsWith: `${namespace}.` } }],
    ...(task.flowId ? { flowId: String(task.flowId) } : {}),
    ...(task.executionId ? { id: String(task.executionId) } : {}),
    state: { in: states },
    createdAt: {
      lt: date(task.endDate, "endDate"),
      ...(task.startDate ? { gte: date(task.startDate, "startDate") } : {}),
    },
  };
}

function date(value: unknown, name: string): Date {
  const d = new Date(String(value ?? ""));
  if (value === undefined || value === null || Number.isNaN(d.getTime()))
    throw new Error(`${name} must be an ISO-8601 date-time, got ${JSON.stringify(value)}`);
  return d;
}

const batchOf = (task: Task) => Math.max(1, Number(task.batchSize ?? 100) || 100);

/** Lines in these log chunks (each chunk holds firstSeq..lastSeq). */
async function logLines(db: Db, executionIds: string[]): Promise<number> {
  const chunks = await db.logChunk.findMany({
    where: { executionId: { in: executionIds } },
    select: { firstSeq: true, lastSeq: true },
  });
  return chunks.reduce((sum, c) => sum + c.lastSeq - c.firstSeq + 1, 0);
}

/** io.kestra.plugin.core.execution.PurgeExecutions */
export const purgeExecutions =
  (from: string): CoreTaskRunner =>
  async (ctx, task) => {
    const { db, storage } = ctx.deps;
    const counts = await purgeExecutionRows(db, storage, await executionsWhere(db, from, task), {
      execution: toBool(task.purgeExecution, "purgeExecution", true),
      log: toBool(task.purgeLog, "purgeLog", true),
      storage: toBool(task.purgeStorage, "purgeStorage", true),
      batchSize: batchOf(task),
    });
    log(
      ctx,
      `Purged ${counts.executionsCount} executions, ${counts.logsCount} log lines, ${counts.storagesCount} files`,
      "INFO",
      "system",
    );
    return { state: State.SUCCESS, outputs: counts };
  };

/** io.kestra.plugin.core.log.PurgeLogs */
export const purgeLogs =
  (from: string): CoreTaskRunner =>
  async (ctx, task) => {
    if (Array.isArray(task.logLevels) && task.logLevels.length > 0)
      throw new Error("logLevels is not supported: Osprey stores a task's log lines together, whatever their level");
    const { db } = ctx.deps;
    if (!toBool(task.purgeExecutionLogs, "purgeExecutionLogs", true))
      return { state: State.SUCCESS, outputs: { count: 0, executionLogsCount: 0, nonExecutionLogsCount: 0 } };
    const ids = (
      await db.execution.findMany({ where: await executionsWhere(db, from, task), select: { id: true } })
    ).map((e) => e.id);
    let count = 0;
    for (let i = 0; i < ids.length; i += batchOf(task)) {
      const batch = ids.slice(i, i + batchOf(task));
      count += await logLines(db, batch);
      await db.logChunk.deleteMany({ where: { executionId: { in: batch } } });
    }
    return { state: State.SUCCESS, outputs: { count, executionLogsCount: count, nonExecutionLogsCount: 0 } };
  };

/** io.kestra.plugin.core.kv.PurgeKV */
export const purgeKv =
  (from: string): CoreTaskRunner =>
  async (ctx, task) => {
    const { db } = ctx.deps;
    if (task.namespaces !== undefined && task.namespacePattern !== undefined)
      throw new Error("give namespaces or namespacePattern, not both");
    const children = toBool(task.includeChildNamespaces, "includeChildNamespaces", true);
    const behavior = (task.behavior ?? {}) as Record<string, unknown>;
    // `version` keeps the latest of each key, which is all Osprey stores: nothing to purge.
    if (behavior.type === "version") return { state: State.SUCCESS, outputs: { size: 0 } };
    const expiredOnly = toBool(behavior.expiredOnly ?? task.expiredOnly, "behavior.expiredOnly", true);
    const listed = Array.isArray(task.namespaces) ? task.namespaces.map(String) : undefined;
    const glob = task.namespacePattern ? picomatch(String(task.namespacePattern)) : undefined;
    // A namespace the pattern names, or (with children) one below a namespace it names.
    const pattern =
      glob &&
      ((ns: string) =>
        ns
          .split(".")
          .some((_, i, parts) => (i === parts.length - 1 || children) && glob(parts.slice(0, i + 1).join("."))));
    const keyMatches = task.keyPattern ? picomatch(String(task.keyPattern)) : () => true;
    // Candidates: the namespaces named (and below), else the flow's own (and below); each checked.
    const roots = listed ?? (pattern ? [] : [from]);
    const rows = await db.kvEntry.findMany({
      where: {
        ...(roots.length
          ? {
              OR: roots.flatMap((ns) => [
                { namespace: ns },
                ...(children ? [{ namespace: { startsWith: `${ns}.` } }] : []),
              ]),
            }
          : {}),
        ...(expiredOnly ? { expiresAt: { lte: new Date() } } : {}),
      },
      select: { id: true, namespace: true, key: true },
    });
    for (const ns of roots) if (!(await mayShare(db, from, ns))) throw kvAccessDenied(from, ns);
    const chosen = [];
    const reach = new Map<string, boolean>();
    for (const row of rows) {
      if (pattern && !pattern(row.namespace)) continue;
      if (!keyMatches(row.key)) continue;
      if (!reach.has(row.namespace)) reach.set(row.namespace, await mayShare(db, from, row.namespace));
      if (reach.get(row.namespace)) chosen.push(row.id);
    }
    const { count } = await db.kvEntry.deleteMany({ where: { id: { in: chosen } } });
    return { state: State.SUCCESS, outputs: { size: count } };
  };

/** io.kestra.plugin.core.storage.PurgeCurrentExecutionFiles */
export const purgeCurrentExecutionFiles: CoreTaskRunner = async (ctx) => {
  const { db, storage } = ctx.deps;
  const files = await db.outputFile.findMany({
    where: { executionId: ctx.executionId },
    select: { name: true, taskId: true, taskRunId: true },
  });
  await storage.deletePrefix(executionPrefix(ctx.executionId));
  await db.outputFile.deleteMany({ where: { executionId: ctx.executionId } });
  const uris = files.map((f) =>
    fileUri({ executionId: ctx.executionId, taskId: f.taskId, taskRunId: f.taskRunId }, f.name),
  );
  return { state: State.SUCCESS, outputs: { uris } };
};
