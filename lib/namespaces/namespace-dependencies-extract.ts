import { parse } from "yaml";
import { canonicalType } from "../flow/aliases";
import { conditionName } from "../flow/condition-schema";

/** Task types that start another flow's execution: a FLOW_TASK edge from the caller to the flow named. */
export const CALLING_TYPES = new Set(["io.kestra.plugin.core.flow.Subflow", "io.kestra.plugin.core.flow.ForEachItem"]);
const FLOW_TRIGGER = "io.kestra.plugin.core.trigger.Flow";

/** One flow, named exactly. */
export interface FlowRef {
  namespace: string;
  flowId: string;
}

/**
 * Which upstream flows a Flow trigger names: a namespace (compared as written) and maybe one flow
 * id. `null` namespace: any namespace (a `FLOW_ID` filter alone).
 */
export interface Selector {
  namespace: string | null;
  comparison: "EQUALS" | "PREFIX" | "SUFFIX";
  flowId?: string;
}

/** What one flow's source says about other flows: who it calls, and who may start it. */
export interface FlowLinks {
  calls: (FlowRef & { taskId: string; type: string })[];
  /**
   * One entry per Flow trigger: groups that must all hold (Kestra ANDs a trigger's conditions),
   * each a list of selectors of which one must hold. An empty list: the trigger names no flow.
   */
  triggers: { triggerId: string; groups: Selector[][] }[];
}

/** An expression can name any flow at run time: no edge is drawn for it. */
const isStatic = (value: unknown): value is string =>
  typeof value === "string" && value !== "" && !value.includes("{{");

/**
 * The links a flow's YAML declares. Walks the whole document, so a Subflow inside any flowable
 * (Parallel, Switch cases, errors, finally…) counts; old type names count as their new ones.
 * A source that does not parse has no links (the editor reports its problems).
 */
export function extractLinks(source: string): FlowLinks {
  let doc: unknown;
  try {
    doc = parse(source, { maxAliasCount: 100 });
  } catch {
    // An unreadable flow names no other flow; saving it is refused elsewhere.
    return { calls: [], triggers: [] };
  }
  if (!isObject(doc)) return { calls: [], triggers: [] };
  const calls: FlowLinks["calls"] = [];
  const { triggers, ...rest } = doc;
  walk(rest, (node) => {
    if (typeof node.type !== "string" || !CALLING_TYPES.has(canonicalType(node.type))) return;
    if (isStatic(node.namespace) && isStatic(node.flowId))
      calls.push({
        namespace: node.namespace,
        flowId: node.flowId,
        taskId: String(node.id ?? ""),
        type: canonicalType(node.type),
      });
  });
  const flowTriggers = (Array.isArray(triggers) ? triggers : []).filter(
    (t): t is Record<string, unknown> =>
      isObject(t) && typeof t.type === "string" && canonicalType(t.type) === FLOW_TRIGGER,
  );
  return {
    calls,
    triggers: flowTriggers.map((t) => ({ triggerId: String(t.id ?? ""), groups: triggerGroups(t) })),
  };
}

/** The constraining groups of one Flow trigger: each plain condition, each MultipleCondition, the preconditions. */
function triggerGroups(trigger: Record<string, unknown>): Selector[][] {
  const groups: Selector[][] = [];
  for (const condition of Array.isArray(trigger.conditions) ? trigger.conditions : []) {
    const group = conditionSelectors(condition);
    if (group) groups.push(group);
  }
  if (isObject(trigger.preconditions)) {
    const group = preconditionSelectors(trigger.preconditions);
    if (group.length > 0) groups.push(group);
  }
  return groups;
}

/** Selectors of a condition that names flows; null for one that does not (states, dates, labels…). */
function conditionSelectors(condition: unknown): Selector[] | null {
  if (!isObject(condition) || typeof condition.type !== "string") return null;
  switch (conditionName(condition.type)) {
    case "ExecutionFlow":
      return isStatic(condition.namespace) && isStatic(condition.flowId)
        ? [{ namespace: condition.namespace, comparison: "EQUALS", flowId: condition.flowId }]
        : null;
    case "ExecutionNamespace": {
      if (!isStatic(condition.namespace)) return null;
      const comparison =
        condition.comparison === "PREFIX" || condition.comparison === "SUFFIX"
          ? condition.comparison
          : condition.prefix === true
            ? "PREFIX"
            : "EQUALS";
      return [{ namespace: condition.namespace, comparison }];
    }
    case "MultipleCondition":
    case "Or": {
      // Any one part may be met (Kestra's window, or an Or): the parts that name flows, together.
      const parts = isObject(condition.conditions)
        ? Object.values(condition.conditions)
        : Array.isArray(condition.conditions)
          ? condition.conditions
          : [];
      const selectors = parts.flatMap((part) => conditionSelectors(part) ?? []);
      return selectors.length > 0 ? selectors : null;
    }
    default:
      // Not, and every filter on state, dates or labels: they name no flow to draw.
      return null;
  }
}

/** Kestra's `preconditions`: each upstream flow, and each `where` group's namespace and flow filters. */
function preconditionSelectors(p: Record<string, unknown>): Selector[] {
  const selectors: Selector[] = [];
  for (const flow of Array.isArray(p.flows) ? p.flows : []) {
    if (!isObject(flow) || !isStatic(flow.namespace)) continue;
    selectors.push({
      namespace: flow.namespace,
      comparison: "EQUALS",
      ...(isStatic(flow.flowId) ? { flowId: flow.flowId } : {}),
    });
  }
  for (const group of Array.isArray(p.where) ? p.where : []) {
    if (isObject(group) && Array.isArray(group.filters)) selectors.push(...whereSelectors(group));
  }
  return selectors;
}

/** A `where` group: with AND, its namespace and flow-id filters narrow each other; with OR, each stands alone. */
function whereSelectors(group: Record<string, unknown>): Selector[] {
  const filters = (group.filters as unknown[]).filter(isObject);
  const namespaces = filters.filter((f) => f.field === "NAMESPACE").flatMap(namespaceFilter);
  const flowIds = filters.filter((f) => f.field === "FLOW_ID").flatMap(flowIdFilter);
  if (group.operand === "OR")
    return [...namespaces, ...flowIds.map((flowId): Selector => ({ namespace: null, comparison: "EQUALS", flowId }))];
  if (namespaces.length === 0)
    return flowIds.map((flowId): Selector => ({ namespace: null, comparison: "EQUALS", flowId }));
  if (flowIds.length === 0) return namespaces;
  return namespaces.flatMap((ns) => flowIds.map((flowId) => ({ ...ns, flowId })));
}

function namespaceFilter(f: Record<string, unknown>): Selector[] {
  const values = f.type === "IN" && Array.isArray(f.values) ? f.values : [f.value];
  const comparison = f.type === "STARTS_WITH" ? "PREFIX" : f.type === "ENDS_WITH" ? "SUFFIX" : "EQUALS";
  if (!["EQUAL_TO", "IN", "STARTS_WITH", "ENDS_WITH"].includes(String(f.type))) return [];
  return values.filter(isStatic).map((namespace) => ({ namespace, comparison }));
}

function flowIdFilter(f: Record<string, unknown>): string[] {
  if (f.type === "EQUAL_TO") return isStatic(f.value) ? [f.value] : [];
  if (f.type === "IN" && Array.isArray(f.values)) return f.values.filter(isStatic);
  return [];
}

/** Whether a flow is one a selector names. */
export function selects(selector: Selector, flow: FlowRef): boolean {
  if (selector.flowId !== undefined && selector.flowId !== flow.flowId) return false;
  if (selector.namespace === null) return true;
  if (selector.comparison === "PREFIX") return flow.namespace.startsWith(selector.namespace);
  if (selector.comparison === "SUFFIX") return flow.namespace.endsWith(selector.namespace);
  return flow.namespace === selector.namespace;
}

/** Whether a trigger's groups all name this flow; a trigger that names no flow links to none. */
export function triggeredBy(groups: Selector[][], flow: FlowRef): boolean {
  return groups.length > 0 && groups.every((group) => group.some((s) => selects(s, flow)));
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Every object in a YAML tree, depth first. */
function walk(node: unknown, visit: (node: Record<string, unknown>) => void): void {
  if (Array.isArray(node)) for (const item of node) walk(item, visit);
  else if (isObject(node)) {
    visit(node);
    for (const value of Object.values(node)) walk(value, visit);
  }
}
