import "server-only";
import { covers } from "../auth/namespace-roles";
import type { Db } from "../db/create-client";
import { FAILURES } from "../states/states";
import { notPlayground } from "../execution-kind/execution-kind";

/** What a namespace page lists of an execution. */
const EXECUTION_FIELDS = {
  id: true,
  namespace: true,
  flowId: true,
  flowRevision: true,
  state: true,
  error: true,
  createdAt: true,
  startedAt: true,
  endedAt: true,
} as const;

/**
 * A namespace and those below it that the person may see, matched exactly (SQLite's LIKE ignores
 * case and reads `_` as a wildcard, so a prefix filter in SQL could reach a namespace not theirs).
 * Every execution has a flow row (deleted flows keep theirs), so the flows table names them all.
 */
export async function namespacesUnder(db: Db, namespace: string, allows: (ns: string) => boolean): Promise<string[]> {
  const rows = await db.flow.groupBy({ by: ["namespace"] });
  const found = rows.map((r) => r.namespace).filter((ns) => covers(namespace, ns) && allows(ns));
  return allows(namespace) && !found.includes(namespace) ? [namespace, ...found] : found;
}

/** The Overview tab: how many flows, executions of the last 7 days by state, the latest and the latest failures. */
export async function namespaceOverview(db: Db, namespaces: string[], now = new Date()) {
  const where = { ...notPlayground, namespace: { in: namespaces } };
  const since = new Date(now.getTime() - 7 * 24 * 3600_000);
  const [flowCount, byState, recent, failures] = await Promise.all([
    db.flow.count({ where: { namespace: { in: namespaces }, deleted: false } }),
    db.execution.groupBy({ by: ["state"], where: { ...where, createdAt: { gte: since } }, _count: { _all: true } }),
    db.execution.findMany({ where, orderBy: { createdAt: "desc" }, take: 10, select: EXECUTION_FIELDS }),
    db.execution.findMany({
      where: { ...where, state: { in: FAILURES.list() } },
      orderBy: { createdAt: "desc" },
      take: 10,
      select: EXECUTION_FIELDS,
    }),
  ]);
  return {
    flowCount,
    lastWeek: Object.fromEntries(byState.map((r) => [r.state, r._count._all])) as Record<string, number>,
    recent,
    failures,
  };
}

/** The Executions tab: newest first, one page of them and how many there are. */
export async function namespaceExecutions(db: Db, namespaces: string[], page: number, size: number) {
  const where = { ...notPlayground, namespace: { in: namespaces } };
  const [total, results] = await Promise.all([
    db.execution.count({ where }),
    db.execution.findMany({
      where,
      orderBy: { createdAt: "desc" },
      skip: (page - 1) * size,
      take: size,
      select: EXECUTION_FIELDS,
    }),
  ]);
  return { total, results };
}

export type NamespaceExecution = Awaited<ReturnType<typeof namespaceExecutions>>["results"][number];
