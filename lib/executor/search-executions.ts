import type { Db } from "../db/create-client";

export interface ExecutionSearch {
  namespace?: string;
  flowId?: string;
  state?: string;
  page: number;
  size: number;
}

export async function searchExecutions(db: Db, s: ExecutionSearch) {
  const where = {
    ...(s.namespace ? { namespace: { startsWith: s.namespace } } : {}),
    ...(s.flowId ? { flowId: s.flowId } : {}),
    ...(s.state ? { state: s.state } : {}),
  };
  const [total, results] = await Promise.all([
    db.execution.count({ where }),
    db.execution.findMany({
      where,
      orderBy: { createdAt: "desc" },
      skip: (s.page - 1) * s.size,
      take: s.size,
      select: { id: true, namespace: true, flowId: true, flowRevision: true, state: true, error: true, createdAt: true, startedAt: true, endedAt: true },
    }),
  ]);
  return { total, results };
}
