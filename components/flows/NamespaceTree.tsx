"use client";

import type { NamespaceNode } from "./flow-filter";

/** Namespaces as a tree; choosing one shows its flows and those of the namespaces under it. */
export function NamespaceTree({
  nodes,
  selected,
  onSelect,
}: {
  nodes: NamespaceNode[];
  selected: string;
  onSelect: (namespace: string) => void;
}) {
  return (
    <nav aria-label="Namespaces" className="text-sm" data-testid="namespace-tree">
      <button
        type="button"
        onClick={() => onSelect("")}
        aria-current={selected === "" ? "true" : undefined}
        className={`block w-full rounded px-2 py-0.5 text-left ${selected === "" ? "bg-sky-100 font-medium text-sky-900" : "hover:bg-slate-100"}`}
      >
        All namespaces
      </button>
      <Branch nodes={nodes} selected={selected} onSelect={onSelect} depth={0} />
    </nav>
  );
}

function Branch({
  nodes,
  selected,
  onSelect,
  depth,
}: {
  nodes: NamespaceNode[];
  selected: string;
  onSelect: (namespace: string) => void;
  depth: number;
}) {
  return (
    <ul>
      {nodes.map((n) => (
        <li key={n.path}>
          <button
            type="button"
            onClick={() => onSelect(n.path)}
            title={n.path}
            aria-current={selected === n.path ? "true" : undefined}
            style={{ paddingLeft: `${0.5 + depth * 0.75}rem` }}
            className={`flex w-full items-center justify-between rounded py-0.5 pr-2 text-left ${selected === n.path ? "bg-sky-100 font-medium text-sky-900" : "hover:bg-slate-100"}`}
          >
            <span className="truncate">{n.name}</span>
            <span className="text-xs text-slate-500">{n.count}</span>
          </button>
          {n.children.length > 0 && (
            <Branch nodes={n.children} selected={selected} onSelect={onSelect} depth={depth + 1} />
          )}
        </li>
      ))}
    </ul>
  );
}
