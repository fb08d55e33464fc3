/**
 * Collapsing flowables: a collapsed flowable is drawn as its header node alone, its box, end node,
 * lanes and every task it holds hidden, and the edges that reached them drawn to the header.
 * Big flowables start collapsed so a large flow opens readable. Pure: no layout, no React.
 */
import { STATES } from "../ui/state-colors";
import { State } from "@/lib/states/states";
import { clusterId, type FlowGraphModel, type GraphNode } from "./graph-model";

/** A task's state as the execution page shows it (the editor has none). */
export interface TaskStatus {
  state: string;
  /** Shown under the task, e.g. "1.2 s". */
  detail?: string;
  /** One chip per iteration (ForEach values) or per run, each with its state. */
  iterations?: { value: string; state: string }[];
}

/** A flowable holding more tasks than this directly starts collapsed. */
export const COLLAPSE_CHILDREN = 8;
/** Past this many tasks shown in all, flowables start collapsed, innermost and biggest first. */
export const COLLAPSE_TOTAL = 30;

const isTaskNode = (n: GraphNode) => n.kind === "task" || n.kind === "flowable";

interface Containment {
  /** Each node's flowables, innermost first (task ids; a header is not inside its own flowable). */
  owners: Map<string, string[]>;
  /** Each flowable's tasks: those it holds directly (lanes included) and at any depth. */
  children: Map<string, { direct: string[]; all: string[] }>;
}

function containment(model: FlowGraphModel): Containment {
  const byId = new Map(model.nodes.map((n) => [n.id, n]));
  const owners = new Map<string, string[]>();
  const children = new Map<string, { direct: string[]; all: string[] }>();
  for (const n of model.nodes) if (n.kind === "flowable") children.set(n.id, { direct: [], all: [] });
  for (const n of model.nodes) {
    const list: string[] = [];
    for (let p = n.parent ? byId.get(n.parent) : undefined; p; p = p.parent ? byId.get(p.parent) : undefined) {
      if (p.kind === "cluster" && p.task && p.task.id !== n.id) list.push(p.task.id);
    }
    owners.set(n.id, list);
    if (!isTaskNode(n)) continue;
    list.forEach((owner, depth) => {
      const c = children.get(owner);
      if (!c) return;
      c.all.push(n.id);
      if (depth === 0) c.direct.push(n.id);
    });
  }
  return { owners, children };
}

/** Every flowable's tasks at any depth, by the flowable's task id. */
export function flowableTasks(model: FlowGraphModel): Map<string, string[]> {
  return new Map([...containment(model).children].map(([id, c]) => [id, c.all]));
}

/** Tasks drawn when these flowables are collapsed (a collapsed header counts, what it holds does not). */
function shownTaskCount(model: FlowGraphModel, owners: Map<string, string[]>, collapsed: Set<string>): number {
  return model.nodes.filter((n) => isTaskNode(n) && !owners.get(n.id)!.some((o) => collapsed.has(o))).length;
}

/**
 * The flowables that start collapsed: those with more than COLLAPSE_CHILDREN tasks of their own;
 * then, while more than COLLAPSE_TOTAL tasks would show, the deepest shown flowable (the biggest of
 * those) so the flow's outline stays open.
 */
export function defaultCollapsed(model: FlowGraphModel): Set<string> {
  const { owners, children } = containment(model);
  const collapsed = new Set([...children].filter(([, c]) => c.direct.length > COLLAPSE_CHILDREN).map(([id]) => id));
  while (shownTaskCount(model, owners, collapsed) > COLLAPSE_TOTAL) {
    let pick: { id: string; depth: number; size: number } | undefined;
    for (const [id, c] of children) {
      const up = owners.get(id)!;
      if (collapsed.has(id) || up.some((o) => collapsed.has(o)) || c.all.length === 0) continue;
      const candidate = { id, depth: up.length, size: c.all.length };
      if (!pick || candidate.depth > pick.depth || (candidate.depth === pick.depth && candidate.size > pick.size))
        pick = candidate;
    }
    if (!pick) break;
    collapsed.add(pick.id);
  }
  return collapsed;
}

/** The defaults with the reader's own choices on top (`true`: collapsed); choices for gone tasks are ignored. */
export function collapsedSet(model: FlowGraphModel, choices: Record<string, boolean>): Set<string> {
  const set = defaultCollapsed(model);
  for (const n of model.nodes) {
    if (n.kind !== "flowable" || !(n.id in choices)) continue;
    if (choices[n.id]) set.add(n.id);
    else set.delete(n.id);
  }
  return set;
}

/** The graph as drawn with these flowables collapsed: each hidden node stands in for its outermost collapsed flowable. */
export function collapseModel(model: FlowGraphModel, collapsed: Set<string>): FlowGraphModel {
  if (collapsed.size === 0) return model;
  const { owners } = containment(model);
  const byId = new Map(model.nodes.map((n) => [n.id, n]));
  /** The node drawn in this node's place. */
  const standIn = (id: string): string => {
    const outer = owners.get(id)?.findLast((o) => collapsed.has(o));
    if (outer) return outer;
    const n = byId.get(id);
    // A collapsed flowable's own box and end node are its header now.
    // (An end node is inside its flowable's box, so `owners` has it already.)
    if (n?.kind === "cluster" && n.task && collapsed.has(n.task.id)) return n.task.id;
    return id;
  };
  const nodes: GraphNode[] = [];
  for (const n of model.nodes) {
    if (standIn(n.id) !== n.id) continue;
    if (n.kind === "flowable" && collapsed.has(n.id)) {
      // Out of its own (hidden) box: into the box that held that one.
      const parent = byId.get(clusterId(n.id))?.parent;
      const { parent: _, ...rest } = n;
      nodes.push({ ...rest, ...(parent ? { parent } : {}), collapsed: true });
    } else nodes.push(n);
  }
  const edges: FlowGraphModel["edges"] = [];
  const seen = new Set<string>();
  for (const e of model.edges) {
    const source = standIn(e.source);
    const target = standIn(e.target);
    const id = `${source}->${target}`;
    if (source === target || seen.has(id)) continue;
    seen.add(id);
    if (source === e.source && target === e.target) edges.push(e);
    // From a hidden task, a branch's label names a branch that is not drawn: drop it.
    else if (source !== e.source) edges.push({ id, source, target, kind: e.kind === "branch" ? "next" : e.kind });
    else edges.push({ ...e, id, target });
  }
  return { nodes, edges };
}

/** How many of a flowable's tasks are in each state, worst first: a run of a task in a loop counts once per run. */
export function stateSummary(
  tasks: string[],
  model: FlowGraphModel,
  statuses: Record<string, TaskStatus>,
): [state: string, count: number][] {
  const leaves = new Set(model.nodes.filter((n) => n.kind === "task").map((n) => n.id));
  const counts = new Map<string, number>();
  const add = (state: string) => counts.set(state, (counts.get(state) ?? 0) + 1);
  for (const id of tasks) {
    const status = statuses[id];
    if (!leaves.has(id) || !status) continue;
    if (status.iterations && status.iterations.length > 0) for (const run of status.iterations) add(run.state);
    else add(status.state);
  }
  return [...counts].sort(([a], [b]) => stateRank(a) - stateRank(b));
}

// Failures first: what a reader of a collapsed box looks for.
const { FAILED, KILLED, KILLING, WARNING, RUNNING, RETRYING, PAUSED, QUEUED, CREATED } = State;
const ORDER: string[] = [FAILED, KILLED, KILLING, WARNING, RUNNING, RETRYING, PAUSED, QUEUED, CREATED];
function stateRank(state: string): number {
  const i = ORDER.indexOf(state);
  return i >= 0 ? i : ORDER.length + STATES.indexOf(state as (typeof STATES)[number]);
}
