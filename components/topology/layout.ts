import dagre from "@dagrejs/dagre";

export interface GraphTask {
  id: string;
  type: string;
  disabled?: boolean;
}

export const NODE_WIDTH = 220;
export const NODE_HEIGHT = 56;

/** Positions for a flow's tasks, top to bottom, laid out by dagre (tasks run in order: one edge to the next). */
export function layoutTasks(tasks: GraphTask[]): { positions: Map<string, { x: number; y: number }>; edges: [string, string][] } {
  const g = new dagre.graphlib.Graph();
  g.setGraph({ rankdir: "TB", nodesep: 30, ranksep: 36, marginx: 16, marginy: 16 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const t of tasks) g.setNode(t.id, { width: NODE_WIDTH, height: NODE_HEIGHT });
  const edges: [string, string][] = [];
  for (let i = 1; i < tasks.length; i++) {
    edges.push([tasks[i - 1].id, tasks[i].id]);
    g.setEdge(tasks[i - 1].id, tasks[i].id);
  }
  dagre.layout(g);
  const positions = new Map<string, { x: number; y: number }>();
  for (const t of tasks) {
    const n = g.node(t.id);
    // dagre gives centres; React Flow places nodes by their top-left corner.
    positions.set(t.id, { x: n.x - NODE_WIDTH / 2, y: n.y - NODE_HEIGHT / 2 });
  }
  return { positions, edges };
}

/** `io.kestra.plugin.scripts.python.Script` → `python.Script`: enough to tell tasks apart in a node. */
export function shortType(type: string): string {
  return type.split(".").slice(-2).join(".");
}
