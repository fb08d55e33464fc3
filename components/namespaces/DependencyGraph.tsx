"use client";

import {
  Background,
  Controls,
  type Edge,
  Handle,
  MarkerType,
  type Node,
  type NodeProps,
  Position,
  ReactFlow,
} from "@xyflow/react";
import "@xyflow/react/dist/style.css";
import Link from "next/link";
import { useMemo } from "react";
import type { FlowNode, FlowTopologyGraph } from "@/lib/namespaces/namespace-dependencies-graph";
import { useDarkMode } from "../theme/use-dark-mode";
import { DEP_NODE_HEIGHT, DEP_NODE_WIDTH, layoutDependencies } from "./dependency-layout";

type NodeData = { flow: FlowNode; home: boolean };

const RELATION_LABEL = { FLOW_TASK: "Subflow", FLOW_TRIGGER: "Flow trigger" } as const;

const flowHref = (f: FlowNode) => `/flows/${encodeURIComponent(f.namespace)}/${encodeURIComponent(f.id)}`;

/** A flow: a link to its editor (a flow a task calls that does not exist says so instead). */
function FlowBox({ data }: NodeProps<Node<NodeData>>) {
  const { flow, home } = data;
  return (
    <div
      data-testid={`dep-node-${flow.uid}`}
      style={{ width: DEP_NODE_WIDTH, height: DEP_NODE_HEIGHT }}
      className={`rounded-md border-2 bg-white px-3 py-1 text-left shadow-sm ${
        flow.missing ? "border-dashed border-red-400" : home ? "border-sky-500" : "border-slate-300"
      }`}
    >
      <Handle type="target" position={Position.Left} className="!bg-slate-400" />
      {flow.missing ? (
        <span className="block truncate text-sm font-semibold text-red-700" title="no such flow">
          {flow.id} (missing)
        </span>
      ) : (
        <Link
          href={flowHref(flow)}
          className="block truncate text-sm font-semibold text-sky-800 hover:underline"
          title={`${flow.namespace}.${flow.id}`}
        >
          {flow.id}
        </Link>
      )}
      <span className="block truncate text-[11px] text-slate-500">{flow.namespace}</span>
      <Handle type="source" position={Position.Right} className="!bg-slate-400" />
    </div>
  );
}

const NODE_TYPES = { flow: FlowBox };

/**
 * A namespace's flows and the flows they call or start, or that call or start them, in any
 * namespace: a Subflow edge is solid, a Flow trigger edge dashed. Each flow opens its editor.
 */
export function DependencyGraph({ namespace, graph }: { namespace: string; graph: FlowTopologyGraph }) {
  const dark = useDarkMode();
  const { nodes, edges } = useMemo(() => {
    const placed = layoutDependencies(graph);
    const nodes: Node<NodeData>[] = graph.nodes.map((flow) => ({
      id: flow.uid,
      type: "flow",
      position: placed.get(flow.uid)!,
      data: { flow, home: flow.namespace === namespace },
    }));
    const edges: Edge[] = graph.edges.map((e) => ({
      id: `${e.source}->${e.target}:${e.relation}`,
      source: e.source,
      target: e.target,
      label: RELATION_LABEL[e.relation],
      markerEnd: { type: MarkerType.ArrowClosed },
      style: e.relation === "FLOW_TRIGGER" ? { strokeDasharray: "6 4" } : undefined,
    }));
    return { nodes, edges };
  }, [graph, namespace]);

  return (
    <div className="h-[60vh] min-h-80 rounded border border-slate-200" data-testid="dependency-graph">
      <ReactFlow
        nodes={nodes}
        edges={edges}
        nodeTypes={NODE_TYPES}
        colorMode={dark ? "dark" : "light"}
        nodesDraggable={false}
        nodesConnectable={false}
        // The links inside the boxes take the focus; the boxes themselves need not.
        nodesFocusable={false}
        edgesFocusable={false}
        fitView
        fitViewOptions={{ maxZoom: 1 }}
        minZoom={0.2}
        proOptions={{ hideAttribution: true }}
      >
        <Background />
        <Controls showInteractive={false} />
      </ReactFlow>
    </div>
  );
}

/** The same graph as text: what each flow calls or starts (read by screen readers, searchable on the page). */
export function DependencyList({ graph }: { graph: FlowTopologyGraph }) {
  const byUid = new Map(graph.nodes.map((n) => [n.uid, n]));
  const name = (uid: string) => {
    const f = byUid.get(uid)!;
    return f.missing ? (
      <span className="text-red-700">{`${f.namespace}.${f.id} (missing)`}</span>
    ) : (
      <Link href={flowHref(f)} className="text-sky-700 hover:underline">{`${f.namespace}.${f.id}`}</Link>
    );
  };
  if (graph.edges.length === 0) return <p className="text-sm text-slate-500">No flow here calls or starts another.</p>;
  return (
    <ul className="space-y-1 text-sm" data-testid="dependency-list">
      {graph.edges.map((e) => (
        <li key={`${e.source}->${e.target}:${e.relation}`} data-relation={e.relation}>
          {name(e.source)} {e.relation === "FLOW_TASK" ? "runs" : "starts, by its Flow trigger,"} {name(e.target)}
        </li>
      ))}
    </ul>
  );
}
