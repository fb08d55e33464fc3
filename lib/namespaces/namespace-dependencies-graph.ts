import { type FlowLinks, type FlowRef, triggeredBy } from "./namespace-dependencies-extract";

/** Kestra's FlowRelation: a task of the source runs the target, or the target's Flow trigger listens to the source. */
export type FlowRelation = "FLOW_TASK" | "FLOW_TRIGGER";

/** Kestra's FlowNode (its `uid` is `namespace_id`); `missing` marks a flow a task calls that does not exist. */
export interface FlowNode {
  uid: string;
  namespace: string;
  id: string;
  missing?: true;
}

/** Kestra's FlowTopologyGraph, as `GET /api/v1/namespaces/{namespace}/dependencies` answers it. */
export interface FlowTopologyGraph {
  nodes: FlowNode[];
  edges: { source: string; target: string; relation: FlowRelation }[];
}

/** A flow whose source was read, with what it says about other flows. */
export type LinkedFlow = FlowRef & { links: FlowLinks };

const uidOf = (f: FlowRef) => `${f.namespace}_${f.flowId}`;
const same = (a: FlowRef, b: FlowRef) => a.namespace === b.namespace && a.flowId === b.flowId;

/**
 * The dependency graph of one namespace: every flow in it, and each edge that has at least one end
 * in it, whatever namespace the other end is in. `linked` are the flows whose sources were read
 * (the namespace's own, and those elsewhere that may mention it); `existing` names every flow,
 * so a Flow trigger's upstream flows can be found without reading their sources.
 */
export function namespaceGraph(namespace: string, linked: LinkedFlow[], existing: FlowRef[]): FlowTopologyGraph {
  const nodes = new Map<string, FlowNode>();
  const known = new Set(existing.map(uidOf));
  const addNode = (f: FlowRef) => {
    const uid = uidOf(f);
    if (!nodes.has(uid))
      nodes.set(uid, { uid, namespace: f.namespace, id: f.flowId, ...(known.has(uid) ? {} : { missing: true }) });
    return uid;
  };
  for (const f of existing) if (f.namespace === namespace) addNode(f);

  const edges = new Map<string, FlowTopologyGraph["edges"][number]>();
  const addEdge = (source: FlowRef, target: FlowRef, relation: FlowRelation) => {
    // Kestra draws no edge from a flow to itself, and only edges that touch this namespace here.
    if (same(source, target) || (source.namespace !== namespace && target.namespace !== namespace)) return;
    const edge = { source: addNode(source), target: addNode(target), relation };
    edges.set(`${edge.source} ${edge.target} ${relation}`, edge);
  };

  for (const flow of linked) {
    for (const call of flow.links.calls) addEdge(flow, call, "FLOW_TASK");
    // Upstream flows outside this namespace matter only for a listener inside it.
    const upstream = flow.namespace === namespace ? existing : existing.filter((f) => f.namespace === namespace);
    for (const trigger of flow.links.triggers)
      for (const candidate of upstream)
        if (triggeredBy(trigger.groups, candidate)) addEdge(candidate, flow, "FLOW_TRIGGER");
  }
  return {
    nodes: [...nodes.values()].sort((a, b) => a.uid.localeCompare(b.uid)),
    edges: [...edges.values()].sort((a, b) =>
      `${a.source} ${a.target} ${a.relation}`.localeCompare(`${b.source} ${b.target} ${b.relation}`),
    ),
  };
}

/** The graph as a person may see it: flows in namespaces they may not read are left out, with their edges. */
export function visibleGraph(graph: FlowTopologyGraph, allows: (namespace: string) => boolean): FlowTopologyGraph {
  const nodes = graph.nodes.filter((n) => allows(n.namespace));
  const kept = new Set(nodes.map((n) => n.uid));
  return { nodes, edges: graph.edges.filter((e) => kept.has(e.source) && kept.has(e.target)) };
}
