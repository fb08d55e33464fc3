import type { NamespaceScope } from "../auth/namespace-roles";
import type { Db } from "../db/create-client";
import { containsText } from "../db/text-filter";

export interface FlowSearch {
  q?: string;
  namespace?: string;
  page: number;
  size: number;
}

/** Flows by namespace prefix and free text on id, newest change first; only in namespaces `scope` allows. */
export async function searchFlows(db: Db, s: FlowSearch, scope: NamespaceScope) {
  const visible = scope.everywhere ? undefined : await allowedNamespaces(db, scope);
  const namespace = { ...(s.namespace ? { startsWith: s.namespace } : {}), ...(visible ? { in: visible } : {}) };
  const where = {
    deleted: false,
    ...(Object.keys(namespace).length > 0 ? { namespace } : {}),
    ...(s.q ? { OR: [{ flowId: containsText(db, s.q) }, { namespace: containsText(db, s.q) }] } : {}),
  };
  const [total, rows] = await Promise.all([
    db.flow.count({ where }),
    db.flow.findMany({ where, orderBy: { updatedAt: "desc" }, skip: (s.page - 1) * s.size, take: s.size }),
  ]);
  return { total, results: rows };
}

/**
 * The namespaces that hold flows, kept by the pure scope check and matched exactly: SQLite's LIKE
 * (behind `startsWith`) ignores case and reads `_` as a wildcard, so a prefix filter could leak.
 */
async function allowedNamespaces(db: Db, scope: NamespaceScope): Promise<string[]> {
  const rows = await db.flow.groupBy({ by: ["namespace"], where: { deleted: false } });
  return rows.map((r) => r.namespace).filter((ns) => scope.allows(ns));
}
