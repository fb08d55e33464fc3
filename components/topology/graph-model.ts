/**
 * A flow's shape as a graph, drawn the way Kestra's topology does: each flowable is a cluster (a
 * box holding its header node, its children and a small end node), If/Switch branch from the header
 * with labelled edges, Parallel fans out and back in, Dag follows `dependsOn`, and `errors` /
 * `finally` / `afterExecution` are lanes of their own. Pure: no layout, no React.
 */

export interface GraphTask {
  id: string;
  type: string;
  disabled?: boolean;
}

export type GraphNodeKind =
  /** A task that runs work; a flowable's own node is its cluster's header (kind "flowable"). */
  | "task"
  | "flowable"
  /** Where a flowable's branches meet again. */
  | "end"
  /** Boxes: around a flowable's nodes, or around a lane. */
  | "cluster"
  | "lane";

export interface GraphNode {
  id: string;
  kind: GraphNodeKind;
  /** The box this node sits in. */
  parent?: string;
  /** For task/flowable nodes and flowable clusters: the task. */
  task?: GraphTask;
  /** Text for lanes and lane heads. */
  label?: string;
  /** A flowable drawn as one node, its box and what it holds hidden (see collapse.ts). */
  collapsed?: boolean;
}

export type GraphEdgeKind = "next" | "branch" | "lane";

export interface GraphEdge {
  id: string;
  source: string;
  target: string;
  kind: GraphEdgeKind;
  label?: string;
}

export interface FlowGraphModel {
  /** Boxes come before what they hold (React Flow needs parents first). */
  nodes: GraphNode[];
  edges: GraphEdge[];
}

type JsonMap = Record<string, unknown>;
const isMap = (v: unknown): v is JsonMap => v !== null && typeof v === "object" && !Array.isArray(v);

/** `io.kestra.plugin.core.flow.If` (or an old name such as `io.kestra.core.tasks.flows.If`) → `If`. */
export function flowableKind(type: string): string {
  return type.split(".").at(-1) ?? type;
}

const FAN_OUT = new Set(["Parallel"]);

export const clusterId = (taskId: string) => `cluster:${taskId}`;
export const endId = (taskId: string) => `end:${taskId}`;
const laneId = (owner: string | null, name: string) => (owner ? `lane:${owner}:${name}` : `lane:${name}`);

/** Kestra's names for the flow-level lanes. */
const LANE_LABELS: Record<string, string> = { errors: "errors", finally: "finally", afterExecution: "after execution" };

/** A block of the graph: where edges come in, and where they leave (null: nothing to leave from). */
interface Block {
  entry: string;
  exit: string;
}

/** Builds the graph of a flow document (a parsed, valid flow: `tasks`, `errors`, `finally`, `afterExecution`). */
export function buildFlowGraph(flow: unknown): FlowGraphModel {
  const nodes: GraphNode[] = [];
  const edges: GraphEdge[] = [];
  const edge = (source: string, target: string, kind: GraphEdgeKind = "next", label?: string) => {
    const id = `${source}->${target}`;
    if (!edges.some((e) => e.id === id)) edges.push({ id, source, target, kind, ...(label ? { label } : {}) });
  };

  const taskOf = (t: JsonMap): GraphTask => ({
    id: String(t.id),
    type: String(t.type),
    ...(t.disabled === true ? { disabled: true } : {}),
  });

  /** Tasks one after another; returns the chain's ends, or null for an empty list. */
  const chain = (list: unknown, parent: string | undefined): Block | null => {
    let first: Block | null = null;
    let previous: Block | null = null;
    for (const item of Array.isArray(list) ? list : []) {
      const block = task(isMap(item) && isMap(item.task) && !("type" in item) ? item.task : item, parent);
      if (!block) continue;
      if (previous) edge(previous.exit, block.entry);
      first ??= block;
      previous = block;
    }
    return first && previous ? { entry: first.entry, exit: previous.exit } : null;
  };

  /** A labelled box holding a chain of tasks (the box shows the label). */
  const lane = (owner: string | null, name: string, list: unknown, parent: string | undefined): Block | null => {
    if (!Array.isArray(list) || list.length === 0) return null;
    const box = laneId(owner, name);
    nodes.push({
      id: box,
      kind: "lane",
      label: owner ? name : (LANE_LABELS[name] ?? name),
      ...(parent ? { parent } : {}),
    });
    return chain(list, box);
  };

  const task = (value: unknown, parent: string | undefined): Block | null => {
    if (!isMap(value) || typeof value.id !== "string" || typeof value.type !== "string") return null;
    const t = taskOf(value);
    const children = hasChildren(value);
    if (!children) {
      nodes.push({ id: t.id, kind: "task", task: t, ...(parent ? { parent } : {}) });
      return { entry: t.id, exit: t.id };
    }
    const box = clusterId(t.id);
    nodes.push({ id: box, kind: "cluster", task: t, ...(parent ? { parent } : {}) });
    nodes.push({ id: t.id, kind: "flowable", task: t, parent: box });
    const end = endId(t.id);
    const kind = flowableKind(t.type);
    // The body's branches end where `finally` starts, or at the end node.
    const finallyFirst = firstTaskId(value.finally);
    const sink = finallyFirst ?? end;
    const branch = (list: unknown, label?: string) => {
      const b = chain(list, box);
      if (b) {
        edge(t.id, b.entry, label ? "branch" : "next", label);
        edge(b.exit, sink);
      } else if (label) edge(t.id, sink, "branch", label);
      return b;
    };
    if (kind === "If") {
      branch(value.then, "then");
      if (Array.isArray(value.else) && value.else.length > 0) branch(value.else, "else");
    } else if (kind === "Switch") {
      for (const [name, list] of Object.entries(isMap(value.cases) ? value.cases : {})) branch(list, name);
      if (Array.isArray(value.defaults) && value.defaults.length > 0) branch(value.defaults, "defaults");
    } else if (FAN_OUT.has(kind)) {
      for (const child of Array.isArray(value.tasks) ? value.tasks : []) {
        const b = task(child, box);
        if (!b) continue;
        edge(t.id, b.entry);
        edge(b.exit, sink);
      }
    } else if (kind === "Dag") dag(t.id, value.tasks, box, sink);
    else if (!branch(value.tasks)) edge(t.id, sink);
    const errorsLane = lane(t.id, "errors", value.errors, box);
    const finallyLane = lane(t.id, "finally", value.finally, box);
    nodes.push({ id: end, kind: "end", parent: box });
    if (errorsLane) {
      edge(t.id, errorsLane.entry, "lane", "on error");
      edge(errorsLane.exit, sink);
    }
    if (finallyLane) edge(finallyLane.exit, end);
    return { entry: t.id, exit: end };
  };

  /** Dag entries start from the header unless they depend on another; those no one waits for lead to the end. */
  const dag = (headerId: string, list: unknown, box: string, sink: string) => {
    const entries = (Array.isArray(list) ? list : []).filter(isMap);
    const blocks = new Map<string, Block>();
    for (const entry of entries) {
      const b = task(entry.task, box);
      if (b && isMap(entry.task)) blocks.set(String(entry.task.id), b);
    }
    const waitedFor = new Set<string>();
    for (const entry of entries) {
      if (!isMap(entry.task)) continue;
      const b = blocks.get(String(entry.task.id));
      if (!b) continue;
      const deps = (Array.isArray(entry.dependsOn) ? entry.dependsOn : []).filter(
        (d): d is string => typeof d === "string" && blocks.has(d),
      );
      if (deps.length === 0) edge(headerId, b.entry);
      for (const d of deps) {
        edge(blocks.get(d)!.exit, b.entry);
        waitedFor.add(d);
      }
    }
    for (const [id, b] of blocks) if (!waitedFor.has(id)) edge(b.exit, sink);
  };

  const doc = isMap(flow) ? flow : {};
  let previous = chain(doc.tasks, undefined);
  // The flow's own lanes, below its tasks in the order they run.
  for (const name of ["errors", "finally", "afterExecution"] as const) {
    const l = lane(null, name, doc[name], undefined);
    if (!l) continue;
    if (previous) edge(previous.exit, l.entry, "lane");
    previous = l;
  }
  return { nodes, edges };
}

/** The node a list's chain starts at: its first task, or a flowable's header (same id). */
function firstTaskId(list: unknown): string | undefined {
  const first = (Array.isArray(list) ? list : []).find(
    (t) => isMap(t) && typeof t.id === "string" && typeof t.type === "string",
  );
  return first ? String((first as JsonMap).id) : undefined;
}

function hasChildren(task: JsonMap): boolean {
  const lists = ["tasks", "then", "else", "defaults", "errors", "finally"];
  return lists.some((k) => Array.isArray(task[k])) || isMap(task.cases);
}

/** Every task of the graph (flowables included), in document order. */
export function graphTasks(model: FlowGraphModel): GraphTask[] {
  return model.nodes.filter((n) => n.kind === "task" || n.kind === "flowable").map((n) => n.task!);
}
