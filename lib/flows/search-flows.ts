import type { Db } from "../db/create-client";

export interface FlowSearch {
  q?: string;
  namespace?: string;
  page: number;
  size: number;
}

/** Flows by namespace prefix and free text on id, newest change first. */
export async function searchFlows(db: Db, s: FlowSearch) {
  const where = {
    deleted: false,
    ...(s.namespace ? { namespace: { startsWith: s.namespace } } : {}),
    ...(s.q ? { OR: [{ flowId: { contains: s.q } }, { namespace: { contains: s.q } }] } : {}),
  };
  const [total, rows] = await Promise.all([
    db.flow.count({ where }),
    db.flow.findMany({ where, orderBy: { updatedAt: "desc" }, skip: (s.page - 1) * s.size, take: s.size }),
  ]);
  return { total, results: rows };
}
