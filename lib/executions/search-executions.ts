import { z } from "zod";
import type { NamespaceScope } from "../auth/namespace-roles";
import type { Db } from "../db/create-client";
import { containsText } from "../db/text-filter";
import { ZPaging } from "../values/paging";
import { STATES as EXECUTION_STATES } from "../states/states";

/** Filters of the executions list, as query parameters (Kestra's names: startDate, endDate). */
export const ZExecutionSearch = ZPaging.extend({
  namespace: z.string().max(150).optional(),
  flowId: z.string().max(100).optional(),
  state: z.enum(EXECUTION_STATES).optional(),
  /** Created at or after / before; any date `Date` reads, e.g. 2026-11-27T10:00. */
  startDate: z.coerce.date().optional(),
  endDate: z.coerce.date().optional(),
  /** `key:value` (Kestra's form); several, comma-separated or repeated, must all match. */
  labels: z
    .union([z.string(), z.array(z.string())])
    .optional()
    .transform((v) =>
      v === undefined
        ? []
        : (Array.isArray(v) ? v : [v])
            .flatMap((s) => s.split(","))
            .map((s) => s.trim())
            .filter(Boolean),
    )
    .pipe(z.array(z.string().regex(/^[^:]+:.*$/, "a label filter is key:value"))),
});
export type TExecutionSearch = z.infer<typeof ZExecutionSearch>;

/** Empty form fields mean "any", not "the empty string". */
export function parseExecutionSearch(query: Record<string, string | undefined>) {
  return ZExecutionSearch.safeParse(
    Object.fromEntries(Object.entries(query).filter(([, v]) => v !== undefined && v !== "")),
  );
}

/** Executions newest first, matching the filters, only in namespaces `scope` allows. */
export async function searchExecutions(
  db: Db,
  s: Omit<TExecutionSearch, "labels"> & { labels?: string[] },
  scope: NamespaceScope,
) {
  const labels = s.labels ?? [];
  const visible = scope.everywhere ? undefined : await allowedNamespaces(db, scope);
  const namespace = { ...(s.namespace ? { startsWith: s.namespace } : {}), ...(visible ? { in: visible } : {}) };
  const where = {
    ...(Object.keys(namespace).length > 0 ? { namespace } : {}),
    ...(s.flowId ? { flowId: s.flowId } : {}),
    ...(s.state ? { state: s.state } : {}),
    ...(s.startDate || s.endDate
      ? { createdAt: { ...(s.startDate ? { gte: s.startDate } : {}), ...(s.endDate ? { lte: s.endDate } : {}) } }
      : {}),
    // Labels are stored as a JSON list of {key, value}: each filter is that exact entry's text.
    ...(labels.length ? { AND: labels.map((l) => ({ labels: containsText(db, labelEntry(l)) })) } : {}),
  };
  const [total, results] = await Promise.all([
    db.execution.count({ where }),
    db.execution.findMany({
      where,
      orderBy: { createdAt: "desc" },
      skip: (s.page - 1) * s.size,
      take: s.size,
      select: {
        id: true,
        namespace: true,
        flowId: true,
        flowRevision: true,
        state: true,
        error: true,
        createdAt: true,
        startedAt: true,
        endedAt: true,
        startedBy: true,
        triggerType: true,
        triggerId: true,
        replayOf: true,
        labels: true,
      },
    }),
  ]);
  return {
    total,
    results: results.map((r) => ({
      ...r,
      labels: r.labels ? (JSON.parse(r.labels) as { key: string; value: string }[]) : [],
    })),
  };
}

function labelEntry(filter: string): string {
  const at = filter.indexOf(":");
  return JSON.stringify({ key: filter.slice(0, at), value: filter.slice(at + 1) });
}

/**
 * The namespaces that have executions, kept by the pure scope check and matched exactly: SQLite's
 * LIKE (behind `startsWith`) ignores case and reads `_` as a wildcard, so a prefix filter could leak.
 */
export async function allowedNamespaces(db: Db, scope: NamespaceScope): Promise<string[]> {
  const rows = await db.execution.groupBy({ by: ["namespace"] });
  return rows.map((r) => r.namespace).filter((ns) => scope.allows(ns));
}
