import { isTruthy } from "../engine/truth";
import { type TFilter, type TFlowTrigger, type TPreconditions, TERMINATED_STATES } from "../flow/trigger-schemas";
import { type ConditionContext, ConditionError, type ConditionExecution } from "./conditions/condition-context";
import { conditionName, type TCondition } from "../flow/condition-schema";
import { allConditions, evaluateCondition } from "./conditions/evaluate-condition";
import type { WindowedSpec } from "./flow-trigger-window";

/** A trigger that counts this execution: the parts of each windowed condition it met (none: it fires alone). */
export interface FlowTriggerMatch {
  windows: { spec: WindowedSpec; met: string[] }[];
}

/** Whether a trigger hears an execution moving into `state`: one of its `states` (default: any terminal state). */
export function listensTo(trigger: TFlowTrigger, state: string): boolean {
  const states: readonly string[] = trigger.states ?? TERMINATED_STATES;
  return trigger.disabled !== true && states.includes(state);
}

/**
 * Whether an execution's state change concerns a Flow trigger, as Kestra evaluates it: its state is one of
 * the trigger's `states` (default: any terminal state), its plain `conditions` all hold, and it
 * meets at least one part of each windowed condition (`preconditions`, MultipleCondition) that the
 * window state must then complete. Null when it does not count. The window itself is kept elsewhere.
 */
export async function matchFlowTrigger(
  trigger: TFlowTrigger,
  ctx: ConditionContext & { execution: ConditionExecution },
): Promise<FlowTriggerMatch | null> {
  if (!listensTo(trigger, ctx.execution.state)) return null;
  const conditions = (trigger.conditions ?? []) as TCondition[];
  const multiple = conditions.filter((c) => conditionName(c.type) === "MultipleCondition");
  const plain = conditions.filter((c) => conditionName(c.type) !== "MultipleCondition");
  try {
    if (!(await allConditions(plain, ctx))) return null;
    const windowed = [
      ...(trigger.preconditions ? [preconditionsSpec(trigger.preconditions)] : []),
      ...multiple.map(multipleSpec),
    ];
    const windows: FlowTriggerMatch["windows"] = [];
    for (const { spec, parts } of windowed) {
      const met: string[] = [];
      for (const [key, test] of parts) if (await test(ctx)) met.push(key);
      // A windowed condition with nothing to meet holds; one this execution adds nothing to cannot newly complete.
      if (spec.keys.length > 0 && met.length === 0) return null;
      windows.push({ spec, met });
    }
    return { windows };
  } catch (err) {
    if (err instanceof ConditionError) return null;
    throw err;
  }
}

type Part = [key: string, test: (ctx: ConditionContext & { execution: ConditionExecution }) => Promise<boolean>];

/** Kestra's preconditions as parts: each upstream flow, then each `where` group. */
export function preconditionsSpec(p: TPreconditions): { spec: WindowedSpec; parts: Part[] } {
  const parts: Part[] = [
    ...(p.flows ?? []).map(
      (flow, i): Part => [
        `flow_${i + 1}`,
        async ({ execution: e }) =>
          e.namespace === flow.namespace &&
          (flow.flowId === undefined || e.flowId === flow.flowId) &&
          (flow.states === undefined || (flow.states as string[]).includes(e.state)) &&
          Object.entries(flow.labels ?? {}).every(([key, value]) =>
            e.labels.some((l) => l.key === key && l.value === String(value)),
          ),
      ],
    ),
    ...(p.where ?? []).map(
      (group): Part => [
        `where_${group.id}`,
        async (ctx) => {
          // In order, stopping once the answer is known (Kestra's allMatch/anyMatch): an EXPRESSION
          // after a filter that already decided is never rendered (it may name a label only some have).
          const any = group.operand === "OR";
          for (const filter of group.filters) if (Boolean(await filterHolds(filter, ctx)) === any) return any;
          return !any;
        },
      ],
    ),
  ];
  const spec = {
    id: p.id,
    timeWindow: p.timeWindow ?? { type: "DURATION_WINDOW" as const },
    resetOnSuccess: p.resetOnSuccess ?? true,
    keys: parts.map(([k]) => k),
  };
  return { spec, parts };
}

function multipleSpec(c: TCondition): { spec: WindowedSpec; parts: Part[] } {
  const m = c as TCondition & {
    id: string;
    conditions: Record<string, TCondition>;
    timeWindow?: WindowedSpec["timeWindow"];
    window?: string;
    windowAdvance?: string;
    resetOnSuccess?: boolean;
  };
  const parts = Object.entries(m.conditions).map(([key, sub]): Part => [key, (ctx) => evaluateCondition(sub, ctx)]);
  const timeWindow = m.timeWindow ?? {
    type: "DURATION_WINDOW" as const,
    window: m.window,
    windowAdvance: m.windowAdvance,
  };
  return {
    spec: { id: m.id, timeWindow, resetOnSuccess: m.resetOnSuccess ?? true, keys: parts.map(([k]) => k) },
    parts,
  };
}

/** One `where` filter on the upstream execution, as Kestra's FilterCondition. */
export async function filterHolds(
  filter: TFilter,
  ctx: ConditionContext & { execution: ConditionExecution },
): Promise<boolean> {
  const e = ctx.execution;
  const field: string | null =
    filter.field === "FLOW_ID"
      ? e.flowId
      : filter.field === "NAMESPACE"
        ? e.namespace
        : filter.field === "STATE"
          ? e.state
          : await ctx.render(filter.value ?? "", ctx.variables);
  const value = filter.value ?? "";
  switch (filter.type) {
    case "EQUAL_TO":
      return field === value;
    case "NOT_EQUAL_TO":
      return field !== value;
    case "IN":
      return (filter.values ?? []).includes(field ?? "");
    case "NOT_IN":
      return !(filter.values ?? []).includes(field ?? "");
    case "IS_TRUE":
      return isTruthy(field);
    case "IS_FALSE":
      return !isTruthy(field);
    case "IS_NULL":
      return field === null;
    case "IS_NOT_NULL":
      return field !== null;
    case "STARTS_WITH":
      return field?.startsWith(value);
    case "ENDS_WITH":
      return field?.endsWith(value);
    case "REGEX":
      // Java's String.matches: the whole text must match.
      return field !== null && new RegExp(`^(?:${value})$`).test(field);
    case "CONTAINS":
      return field?.includes(value);
  }
}
