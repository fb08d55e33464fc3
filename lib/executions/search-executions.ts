import { z } from "zod";
import type { NamespaceScope } from "../auth/namespace-roles";
import type { Db } from "../db/create-client";
import { containsText } from "../db/text-filter";
import { ZPaging } from "../values/paging";
import { STATES as EXECUTION_STATES } from "../states/states";
import { cappedCount, countedTotal, executionNamespaces } from "./execution-totals";

/** The sorts the list offers, each over an index (Kestra's names beside Osprey's). */
const SORT_FIELDS: Record<string, "createdAt" | "endedAt"> = {
  createdAt: "createdAt",
  endedAt: "endedAt",
  "state.startDate": "createdAt",
  "state.endDate": "endedAt",
};
import { notPlayground } from "../execution-kind/execution-kind";

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
  /** `field:direction`, e.g. createdAt:desc (the default); Kestra's names state.startDate and state.endDate work too. */
  sort: z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined) return { field: "createdAt" as const, direction: "desc" as const };
      const [name, dir = "desc"] = v.split(":");
      const field = SORT_FIELDS[name];
      if (!field || (dir !== "asc" && dir !== "desc")) {
        ctx.addIssue({
          code: "custom",
          message: `sort is one of ${Object.keys(SORT_FIELDS).join(", ")}, then :asc or :desc (got "${v}")`,
        });
        return z.NEVER;
      }
      return { field, direction: dir as "asc" | "desc" };
    }),
});
export type TExecutionSearch = z.infer<typeof ZExecutionSearch>;

/** Empty form fields mean "any", not "the empty string". */
export function parseExecutionSearch(query: Record<string, string | undefined>) {
  return ZExecutionSearch.safeParse(
    Object.fromEntries(Object.entries(query).filter(([, v]) => v !== undefined && v !== "")),
  );
}

/**
 * Executions matching the filters, newest first unless `sort` says otherwise, only in namespaces
 * `scope` allows. `total` is exact when the filters are ones ExecutionCount keeps (namespace, flow,
 * state); with a date range it counts at most TOTAL_CAP rows, with labels only up to this page, and
 * says when there may be more (`totalCapped`).
 */
export async function searchExecutions(
  db: Db,
  s: Omit<TExecutionSearch, "labels" | "sort"> & { labels?: string[]; sort?: TExecutionSearch["sort"] },
  scope: NamespaceScope,
) {
  const labels = s.labels ?? [];
  const sort = s.sort ?? { field: "createdAt", direction: "desc" };
  const visible = scope.everywhere ? undefined : await allowedNamespaces(db, scope);
  // The namespace filter is a prefix, matched here on the namespaces that hold executions, so the
  // query reads an exact list over an index (a LIKE could not use one, and SQLite's ignores case).
  const prefix = s.namespace;
  const namespaces = prefix
    ? (visible ?? (await executionNamespaces(db))).filter((ns) => ns.startsWith(prefix))
    : visible;
  const where = {
    ...notPlayground,
    ...(namespaces ? { namespace: { in: namespaces } } : {}),
    ...(s.flowId ? { flowId: s.flowId } : {}),
    ...(s.state ? { state: s.state } : {}),
    ...(s.startDate || s.endDate
      ? { createdAt: { ...(s.startDate ? { gte: s.startDate } : {}), ...(s.endDate ? { lte: s.endDate } : {}) } }
      : {}),
    // Labels are stored as a JSON list of {key, value}: each filter is that exact entry's text.
    ...(labels.length ? { AND: labels.map((l) => ({ labels: containsText(db, labelEntry(l)) })) } : {}),
  };
  const counted = !s.startDate && !s.endDate && labels.length === 0;
  const [counts, results] = await Promise.all([
    // Labels are matched in JSON text, which no index serves: no count, the page says what it saw.
    counted ? countedTotal(db, s, namespaces) : labels.length ? null : cappedCount(db, where),
    db.execution.findMany({
      where,
      orderBy: [{ [sort.field]: sort.direction }, { id: sort.direction }],
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
  const seen = (s.page - 1) * s.size + results.length;
  const total = counts ?? { count: seen, capped: results.length === s.size };
  return {
    total: total.count,
    totalCapped: total.capped,
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
  return (await executionNamespaces(db)).filter((ns) => scope.allows(ns));
}
