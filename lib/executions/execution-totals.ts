import type { Db } from "../db/create-client";

/** Past this many rows a filtered list's total is "10,000+": counting a million rows per page view costs more than it tells. */
export const TOTAL_CAP = 10_000;

export interface Total {
  count: number;
  /** True when there are more than `count` (the count stopped at TOTAL_CAP). */
  capped: boolean;
}

type ExecutionWhere = NonNullable<Parameters<Db["execution"]["count"]>[0]>["where"];

/** Counts the matching executions up to TOTAL_CAP + 1 rows, read over whichever index the filter uses. */
export async function cappedCount(db: Db, where: ExecutionWhere): Promise<Total> {
  const rows = await db.execution.findMany({ where, select: { id: true }, take: TOTAL_CAP + 1 });
  return rows.length > TOTAL_CAP ? { count: TOTAL_CAP, capped: true } : { count: rows.length, capped: false };
}

/**
 * The exact total for filters ExecutionCount keeps (namespaces, flow, state), summed from its rows:
 * all namespaces' per-hour rows, some namespaces', or a flow's, not the executions themselves.
 */
export async function countedTotal(
  db: Db,
  s: { flowId?: string; state?: string },
  /** The namespaces to count in (a prefix filter's or the viewer's); all when absent. */
  namespaces: string[] | undefined,
): Promise<Total> {
  const level = s.flowId
    ? { flowId: s.flowId, namespace: namespaces ? { in: namespaces } : { not: "" } }
    : namespaces
      ? { flowId: "", namespace: { in: namespaces } }
      : { flowId: "", namespace: "" };
  const sum = await db.executionCount.aggregate({
    where: { ...level, ...(s.state ? { state: s.state } : {}) },
    _sum: { count: true },
  });
  return { count: sum._sum.count ?? 0, capped: false };
}

/**
 * The namespaces that hold executions, one index seek each (a loose index scan over
 * Execution(namespace, flowId, createdAt)) instead of grouping every execution: the same SQL on
 * SQLite and PostgreSQL.
 */
export async function executionNamespaces(db: Db): Promise<string[]> {
  const rows = await db.$queryRawUnsafe<{ ns: string | null }[]>(
    `WITH RECURSIVE n(ns) AS (
       SELECT MIN("namespace") FROM "Execution"
       UNION ALL
       SELECT (SELECT MIN(e."namespace") FROM "Execution" e WHERE e."namespace" > n.ns) FROM n WHERE n.ns IS NOT NULL
     ) SELECT ns FROM n WHERE ns IS NOT NULL`,
  );
  return rows.map((r) => r.ns as string);
}
