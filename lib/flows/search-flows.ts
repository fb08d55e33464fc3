import type { NamespaceScope } from "../auth/namespace-roles";
import type { Db } from "../db/create-client";
import { containsText } from "../db/text-filter";

export interface FlowSearch {
  q?: string;
  namespace?: string;
  /** The flows list's filters: words all found in the id, namespace or YAML (description, labels)… */
  words?: string;
  /** …a namespace and those under it (`company` holds `company.team`)… */
  under?: string;
  /** …and `key:value` labels the YAML carries (as `key: value` or a `key:`/`value:` pair). */
  labels?: string[];
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
    AND: [...underFilter(s.under), ...wordFilters(db, s.words), ...labelFilters(db, s.labels ?? [])],
  };
  const [total, rows] = await Promise.all([
    db.flow.count({ where }),
    db.flow.findMany({ where, orderBy: { updatedAt: "desc" }, skip: (s.page - 1) * s.size, take: s.size }),
  ]);
  return { total, results: rows };
}

function underFilter(namespace: string | undefined) {
  return namespace ? [{ OR: [{ namespace }, { namespace: { startsWith: `${namespace}.` } }] }] : [];
}

function wordFilters(db: Db, words: string | undefined) {
  return (words ?? "")
    .split(/\s+/)
    .filter(Boolean)
    .map((w) => ({
      OR: [{ flowId: containsText(db, w) }, { namespace: containsText(db, w) }, { source: containsText(db, w) }],
    }));
}

/** A label in the YAML, in either of Kestra's forms: a map entry, or a list item with key and value. */
function labelFilters(db: Db, labels: string[]) {
  return labels.map((l) => {
    const at = l.indexOf(":");
    const [key, value] = [l.slice(0, at), l.slice(at + 1)];
    return {
      OR: [
        { source: containsText(db, `${key}: ${value}`) },
        { AND: [{ source: containsText(db, `key: ${key}`) }, { source: containsText(db, `value: ${value}`) }] },
      ],
    };
  });
}

/** Flows per namespace, for the list's namespace tree (every visible namespace, not only the page's). */
export async function flowNamespaces(db: Db, scope: NamespaceScope): Promise<{ namespace: string; count: number }[]> {
  const rows = await db.flow.groupBy({ by: ["namespace"], where: { deleted: false }, _count: { _all: true } });
  return rows.filter((r) => scope.allows(r.namespace)).map((r) => ({ namespace: r.namespace, count: r._count._all }));
}

/**
 * The namespaces that hold flows, kept by the pure scope check and matched exactly: SQLite's LIKE
 * (behind `startsWith`) ignores case and reads `_` as a wildcard, so a prefix filter could leak.
 */
async function allowedNamespaces(db: Db, scope: NamespaceScope): Promise<string[]> {
  const rows = await db.flow.groupBy({ by: ["namespace"], where: { deleted: false } });
  return rows.map((r) => r.namespace).filter((ns) => scope.allows(ns));
}
