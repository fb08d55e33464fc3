import type { NamespaceScope } from "../auth/namespace-roles";
import type { Db } from "../db/create-client";
import { maskWebhookKey } from "../flow/mask-webhook-keys";
import { parseFlow } from "../flow/parse-flow";
import { readSchedule } from "../flow/trigger-types";
import { readBackfill } from "./backfill-state";
import { serverTimezone } from "../values/cron";

export interface TriggerSearch {
  q?: string;
  namespace?: string;
  flowId?: string;
  page: number;
  size: number;
}

type Row = Awaited<ReturnType<Db["trigger"]["findMany"]>>[number];

/** Kestra's trigger context: the runtime state of one flow trigger. */
export function triggerContext(row: Row) {
  return {
    namespace: row.namespace,
    flowId: row.flowId,
    triggerId: row.triggerId,
    type: row.type,
    nextExecutionDate: row.nextDate?.toISOString() ?? null,
    date: row.lastDate?.toISOString() ?? null,
    disabled: row.disabled,
    backfill: readBackfill(row.backfill),
    updatedDate: row.updatedAt.toISOString(),
  };
}

/** Where webhook keys are shown when the caller does not say: nowhere. */
const NO_KEYS: NamespaceScope = { everywhere: false, allows: () => false };

/**
 * Every flow trigger the person may see, as Kestra's GET /api/v1/triggers/search answers: each
 * with the trigger as the flow declares it (`abstractTrigger`, a Schedule's defaults filled in) and
 * its state (`triggerContext`). Namespace prefix, flow id and free text (ids) filter. A Webhook's
 * `key` is masked outside `keys` (the namespaces where the person may edit flows).
 */
export async function searchTriggerStates(
  db: Db,
  s: TriggerSearch,
  scope: NamespaceScope,
  keys: NamespaceScope = NO_KEYS,
) {
  const q = s.q?.toLowerCase();
  const rows = (
    await db.trigger.findMany({
      where: { ...(s.flowId ? { flowId: s.flowId } : {}) },
      orderBy: [{ namespace: "asc" }, { flowId: "asc" }, { triggerId: "asc" }],
    })
  ).filter(
    // Matched here, exactly: SQLite's LIKE ignores case and reads `_` as a wildcard (see search-flows).
    (r) =>
      scope.allows(r.namespace) &&
      (!s.namespace || r.namespace === s.namespace || r.namespace.startsWith(`${s.namespace}.`)) &&
      (!q || [r.namespace, r.flowId, r.triggerId].some((v) => v.toLowerCase().includes(q))),
  );
  const page = rows.slice((s.page - 1) * s.size, s.page * s.size);
  const flows = await db.flow.findMany({
    where: {
      deleted: false,
      OR: [...new Set(page.map((r) => `${r.namespace}\u0000${r.flowId}`))].map((k) => ({
        namespace: k.split("\u0000")[0],
        flowId: k.split("\u0000")[1],
      })),
    },
    select: { namespace: true, flowId: true, source: true },
  });
  const declared = new Map(flows.map((f) => [`${f.namespace}\u0000${f.flowId}`, parseFlow(f.source)]));
  return {
    total: rows.length,
    results: page.map((row) => {
      const parsed = declared.get(`${row.namespace}\u0000${row.flowId}`);
      const trigger = parsed?.ok ? parsed.flow.triggers?.find((t) => t.id === row.triggerId) : undefined;
      const schedule = readSchedule(trigger);
      return {
        abstractTrigger: schedule
          ? { ...schedule, timezone: schedule.timezone ?? serverTimezone() }
          : keys.allows(row.namespace)
            ? (trigger ?? null)
            : maskWebhookKey(trigger ?? null),
        triggerContext: triggerContext(row),
      };
    }),
  };
}
