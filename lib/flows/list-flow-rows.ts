import type { NamespaceScope } from "../auth/namespace-roles";
import type { Db } from "../db/create-client";
import type { TFlowInput } from "../flow/flow-inputs";
import { labelsOf, type TLabel } from "../flow/labels";
import { parseFlow } from "../flow/parse-flow";
import { type FlowSearch, searchFlows } from "./search-flows";
import { notPlayground } from "../execution-kind/execution-kind";

/** A flow's trigger as the list shows it (the scheduler adds its next date). */
export interface TriggerSummary {
  id: string;
  /** Short type: Schedule, Webhook, Flow. */
  kind: string;
  disabled: boolean;
  /** A Schedule's cron. */
  cron?: string;
  /** A Schedule's next tick (ISO), as the scheduler has it; absent when it will not fire. */
  nextDate?: string;
}

export interface FlowRow {
  namespace: string;
  flowId: string;
  revision: number;
  updatedAt: Date;
  description: string | null;
  disabled: boolean;
  labels: TLabel[];
  inputs: TFlowInput[];
  triggers: TriggerSummary[];
  lastExecution: { id: string; state: string; createdAt: Date } | null;
}

/** The flows list's filters and page (lib/flows/search-flows.ts says what each matches). */
export type FlowListFilter = Omit<FlowSearch, "q" | "namespace">;

/**
 * A page of the flows a person may see, each with what the list shows: labels, inputs, triggers,
 * last execution (the first 500 when no page is given).
 */
export async function listFlowRows(
  db: Db,
  scope: NamespaceScope,
  filter: FlowListFilter = { page: 1, size: 500 },
): Promise<{ total: number; rows: FlowRow[] }> {
  const { total, results } = await searchFlows(db, filter, scope);
  // The scheduler's state for every listed flow at once: one query, not one per flow.
  const states = await db.trigger.findMany({
    where: { namespace: { in: [...new Set(results.map((f) => f.namespace))] } },
    select: { namespace: true, flowId: true, triggerId: true, nextDate: true, disabled: true },
  });
  const stateOf = new Map(states.map((t) => [`${t.namespace}/${t.flowId}/${t.triggerId}`, t]));
  const rows = await Promise.all(
    results.map(async (f): Promise<FlowRow> => {
      const parsed = parseFlow(f.source);
      const flow = parsed.ok ? parsed.flow : null;
      // One indexed lookup per flow ([namespace, flowId, createdAt]): no scan of every execution.
      const last = await db.execution.findFirst({
        where: { ...notPlayground, namespace: f.namespace, flowId: f.flowId },
        orderBy: { createdAt: "desc" },
        select: { id: true, state: true, createdAt: true },
      });
      return {
        namespace: f.namespace,
        flowId: f.flowId,
        revision: f.revision,
        updatedAt: f.updatedAt,
        description: flow?.description ?? null,
        disabled: flow?.disabled === true,
        labels: flow ? labelsOf(flow) : [],
        inputs: flow?.inputs ?? [],
        triggers: (flow?.triggers ?? []).map((t) => {
          const state = stateOf.get(`${f.namespace}/${f.flowId}/${t.id}`);
          const disabled = t.disabled === true || state?.disabled === true;
          return {
            id: t.id,
            kind: t.type.split(".").pop() ?? t.type,
            disabled,
            ...(typeof t.cron === "string" ? { cron: t.cron } : {}),
            ...(state?.nextDate && !disabled && flow?.disabled !== true
              ? { nextDate: state.nextDate.toISOString() }
              : {}),
          };
        }),
        lastExecution: last,
      };
    }),
  );
  return { total, rows };
}
