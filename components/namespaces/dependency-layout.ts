import dagre from "@dagrejs/dagre";
import type { FlowTopologyGraph } from "@/lib/namespaces/namespace-dependencies-graph";

export const DEP_NODE_WIDTH = 200;
export const DEP_NODE_HEIGHT = 52;

/** Top-left corners of the flows, left to right: callers and upstream flows before what they start. */
export function layoutDependencies(graph: FlowTopologyGraph): Map<string, { x: number; y: number }> {
  const g = new dagre.graphlib.Graph({ multigraph: true });
  g.setGraph({ rankdir: "LR", nodesep: 24, ranksep: 80, marginx: 16, marginy: 16 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const n of graph.nodes) g.setNode(n.uid, { width: DEP_NODE_WIDTH, height: DEP_NODE_HEIGHT });
  for (const e of graph.edges) g.setEdge(e.source, e.target, { width: 70, height: 16, labelpos: "c" }, e.relation);
  dagre.layout(g);
  const placed = new Map<string, { x: number; y: number }>();
  for (const n of graph.nodes) {
    const d = g.node(n.uid);
    // dagre gives centres; React Flow places nodes by their top-left corner.
    placed.set(n.uid, { x: d.x - DEP_NODE_WIDTH / 2, y: d.y - DEP_NODE_HEIGHT / 2 });
  }
  return placed;
}
