import type { TLabel } from "@/lib/flow/labels";

/** What the flows list filters on. */
export interface FilterableFlow {
  namespace: string;
  flowId: string;
  description: string | null;
  labels: TLabel[];
}

export interface FlowFilter {
  /** Words to find in the id, namespace, description or labels (all of them, any case). */
  q: string;
  /** A namespace and everything under it (`company` holds `company.team`), or "" for all. */
  namespace: string;
  /** `key:value` labels the flow must all carry. */
  labels: string[];
}

export function matchesFilter(flow: FilterableFlow, filter: FlowFilter): boolean {
  if (filter.namespace && flow.namespace !== filter.namespace && !flow.namespace.startsWith(`${filter.namespace}.`))
    return false;
  const own = new Set(flow.labels.map((l) => `${l.key}:${l.value}`));
  if (!filter.labels.every((l) => own.has(l))) return false;
  const text = [flow.flowId, flow.namespace, flow.description ?? "", ...own].join(" ").toLowerCase();
  return filter.q
    .toLowerCase()
    .split(/\s+/)
    .filter(Boolean)
    .every((word) => text.includes(word));
}

/** A namespace in the tree: its last part, full name, flows directly in it and below, and children. */
export interface NamespaceNode {
  name: string;
  path: string;
  count: number;
  children: NamespaceNode[];
}

/**
 * The namespaces as a tree by their dotted parts (`a.b.c` under `a.b` under `a`), sorted by name:
 * one entry per flow, or a namespace with its count of flows.
 */
export function namespaceTree(namespaces: (string | { namespace: string; count: number })[]): NamespaceNode[] {
  const root: NamespaceNode = { name: "", path: "", count: 0, children: [] };
  for (const entry of namespaces) {
    const [ns, count] = typeof entry === "string" ? [entry, 1] : [entry.namespace, entry.count];
    let node = root;
    const parts = ns.split(".");
    parts.forEach((part, i) => {
      const path = parts.slice(0, i + 1).join(".");
      let child = node.children.find((c) => c.path === path);
      if (!child) {
        child = { name: part, path, count: 0, children: [] };
        node.children.push(child);
      }
      child.count += count;
      node = child;
    });
  }
  const sort = (nodes: NamespaceNode[]): NamespaceNode[] =>
    nodes.sort((a, b) => a.name.localeCompare(b.name)).map((n) => ({ ...n, children: sort(n.children) }));
  return sort(root.children);
}

/** Every label on the flows as `key:value`, sorted, once each. */
export function allLabels(flows: FilterableFlow[]): string[] {
  return [...new Set(flows.flatMap((f) => f.labels.map((l) => `${l.key}:${l.value}`)))].sort();
}
