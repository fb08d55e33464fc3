import dagre from "@dagrejs/dagre";
import type { FlowGraphModel, GraphNode } from "./graph-model";
import type { Direction, Rect } from "./viewport";

export type { GraphTask } from "./graph-model";

export const NODE_WIDTH = 220;
export const NODE_HEIGHT = 56;
const END_SIZE = 12;
/** Room for an edge's label, so dagre keeps branches apart enough to read them. */
const EDGE_LABEL = { width: 60, height: 18 };

export interface Placed {
  node: GraphNode;
  /** Top-left corner, relative to the parent box (as React Flow places children). */
  position: { x: number; y: number };
  width: number;
  height: number;
  /** Where it is in the whole graph (for the view and the arrow keys). */
  absolute: Rect;
}

export function nodeSize(node: GraphNode): { width: number; height: number } {
  if (node.kind === "end") return { width: END_SIZE, height: END_SIZE };
  return { width: NODE_WIDTH, height: NODE_HEIGHT };
}

const isBox = (n: GraphNode) => n.kind === "cluster" || n.kind === "lane";

/**
 * Positions for the graph, left to right (as Kestra draws a topology) or top to bottom, by dagre's
 * compound layout: boxes are sized by dagre to hold their nodes. The result is stable: the same
 * model always gives the same positions.
 */
export function layoutGraph(model: FlowGraphModel, direction: Direction = "LR"): Map<string, Placed> {
  const g = new dagre.graphlib.Graph({ compound: true, multigraph: false });
  g.setGraph({ rankdir: direction, nodesep: 20, ranksep: 40, marginx: 16, marginy: 16 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const n of model.nodes) g.setNode(n.id, isBox(n) ? {} : nodeSize(n));
  for (const n of model.nodes) if (n.parent) g.setParent(n.id, n.parent);
  for (const e of model.edges) g.setEdge(e.source, e.target, e.label ? { ...EDGE_LABEL, labelpos: "c" } : {});
  dagre.layout(g);
  const absolute = new Map<string, { x: number; y: number; width: number; height: number }>();
  for (const n of model.nodes) {
    const d = g.node(n.id);
    const size = isBox(n) ? { width: d.width, height: d.height } : nodeSize(n);
    // dagre gives centres; React Flow places nodes by their top-left corner.
    absolute.set(n.id, { x: d.x - size.width / 2, y: d.y - size.height / 2, ...size });
  }
  const placed = new Map<string, Placed>();
  for (const n of model.nodes) {
    const a = absolute.get(n.id)!;
    const p = n.parent ? absolute.get(n.parent) : undefined;
    placed.set(n.id, {
      node: n,
      position: { x: a.x - (p?.x ?? 0), y: a.y - (p?.y ?? 0) },
      width: a.width,
      height: a.height,
      absolute: a,
    });
  }
  return placed;
}

/** `io.kestra.plugin.scripts.python.Script` → `python.Script`: enough to tell tasks apart in a node. */
export function shortType(type: string): string {
  return type.split(".").slice(-2).join(".");
}
