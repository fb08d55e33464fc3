"use client";

import {
  Background,
  Controls,
  Handle,
  type Node,
  type NodeProps,
  Position,
  ReactFlow,
  ReactFlowProvider,
  useNodesState,
  useReactFlow,
} from "@xyflow/react";
import "@xyflow/react/dist/style.css";
import { useEffect, useMemo, useRef } from "react";
import type { FlowGraphModel, GraphNode } from "./graph-model";
import { layoutGraph, shortType } from "./layout";
import { useDarkMode } from "../theme/use-dark-mode";
import { badgeClass, nodeClass, stateHex } from "../ui/state-colors";
import { State } from "@/lib/states/states";

export interface TaskStatus {
  state: string;
  /** Shown under the task, e.g. "1.2 s". */
  detail?: string;
  /** One chip per iteration (ForEach values) or per run, each with its state. */
  iterations?: { value: string; state: string }[];
}

type NodeData = { node: GraphNode; status?: TaskStatus; selected: boolean; width: number; height: number };

const STATE_ICON: Record<string, string> = {
  RUNNING: "◐",
  SUCCESS: "✓",
  FAILED: "✗",
  KILLED: "■",
  KILLING: "■",
  WARNING: "!",
  CREATED: "○",
  QUEUED: "…",
  PAUSED: "⏸",
  RETRYING: "↻",
  CANCELLED: "⊘",
  SKIPPED: "↷",
  "NOT RUN": "–",
};
const MAX_CHIPS = 8;

/** A task's node; a flowable's node is the header of its box, with its iterations as chips. */
function TaskNode({ data }: NodeProps<Node<NodeData>>) {
  const { node, status, selected } = data;
  const task = node.task!;
  const chips = status?.iterations ?? [];
  return (
    <div
      data-testid={`node-${task.id}`}
      data-state={status?.state ?? ""}
      data-selected={selected}
      data-kind={node.kind}
      style={{ width: data.width, height: data.height }}
      className={`rounded-md border-2 bg-white px-3 py-1 text-left shadow-sm ${status ? nodeClass(status.state) : "border-slate-300"} ${
        node.kind === "flowable" ? "bg-slate-50" : ""
      } ${selected ? "ring-2 ring-sky-500 ring-offset-1" : ""} ${task.disabled ? "opacity-50 [border-style:dashed]" : ""}`}
    >
      <Handle type="target" position={Position.Left} className="!bg-slate-400" />
      <div className="flex items-center justify-between gap-2">
        <span className="truncate text-sm font-semibold">{task.id}</span>
        {status && (
          <span title={status.state} aria-label={status.state}>
            {STATE_ICON[status.state] ?? "·"}
          </span>
        )}
      </div>
      <div className="flex justify-between gap-1 text-[11px] text-slate-500">
        <span className="truncate">{shortType(task.type)}</span>
        {chips.length === 0 && status?.detail && <span>{status.detail}</span>}
        {chips.length > 0 && (
          <span className="flex min-w-0 gap-0.5 overflow-hidden" data-testid={`iterations-${task.id}`}>
            {chips.slice(0, MAX_CHIPS).map((c, i) => (
              <span
                key={i}
                data-iteration={c.value}
                data-state={c.state}
                title={`${c.value}: ${c.state}`}
                className={`${badgeClass(c.state)} max-w-[48px] truncate rounded px-1 text-[10px] leading-4`}
              >
                {c.value}
              </span>
            ))}
            {chips.length > MAX_CHIPS && <span title={`${chips.length} in all`}>+{chips.length - MAX_CHIPS}</span>}
          </span>
        )}
      </div>
      <Handle type="source" position={Position.Right} className="!bg-slate-400" />
    </div>
  );
}

/** Where a flowable's branches meet again. */
function EndNode() {
  return (
    <div className="h-3 w-3 rounded-full border-2 border-slate-400 bg-white">
      <Handle
        type="target"
        position={Position.Left}
        className="!h-1 !min-h-0 !w-1 !min-w-0 !border-0 !bg-transparent"
      />
      <Handle
        type="source"
        position={Position.Right}
        className="!h-1 !min-h-0 !w-1 !min-w-0 !border-0 !bg-transparent"
      />
    </div>
  );
}

/** The box around a flowable's nodes; coloured by the flowable's state. */
function ClusterNode({ data }: NodeProps<Node<NodeData>>) {
  const { node, status } = data;
  return (
    <div
      data-testid={`cluster-${node.task!.id}`}
      data-state={status?.state ?? ""}
      style={{ width: data.width, height: data.height }}
      className={`rounded-lg border-2 border-dashed bg-sky-50/40 ${status ? nodeClass(status.state) : "border-sky-300"}`}
    />
  );
}

/** A lane (`errors`, `finally`, `afterExecution`): a box apart from the main tasks. */
function LaneNode({ data }: NodeProps<Node<NodeData>>) {
  const name = data.node.id.replace(/^lane:/, "").replace(":", "-");
  return (
    <div
      data-testid={`lane-${name}`}
      style={{ width: data.width, height: data.height }}
      className="relative rounded-lg border border-amber-400 bg-amber-50/60"
    >
      <span className="absolute -top-2.5 left-3 rounded bg-amber-100 px-1.5 text-[10px] font-semibold uppercase tracking-wide text-amber-800">
        {data.node.label}
      </span>
    </div>
  );
}

const nodeTypes = { task: TaskNode, flowable: TaskNode, end: EndNode, cluster: ClusterNode, lane: LaneNode };

interface FlowGraphProps {
  graph: FlowGraphModel;
  statuses?: Record<string, TaskStatus>;
  selectedId?: string | null;
  onSelect?: (taskId: string) => void;
}

function Graph({ graph, statuses, selectedId, onSelect }: FlowGraphProps) {
  const { fitView } = useReactFlow();
  const dark = useDarkMode();
  // Layout depends on the graph's shape only; states and selection restyle nodes without moving them.
  const shape = JSON.stringify(graph);
  const layout = useMemo(() => layoutGraph(graph), [shape]); // eslint-disable-line react-hooks/exhaustive-deps
  // Nodes change only when the tasks, a state or the selection do (log lines re-render the page many
  // times a second). An updated node keeps what React Flow measured of it, or it would be hidden
  // until measured again.
  const statusKey = JSON.stringify(statuses ?? {});
  const [nodes, setNodes, onNodesChange] = useNodesState<Node<NodeData>>([]);
  useEffect(() => {
    setNodes((previous) => {
      const byId = new Map(previous.map((n) => [n.id, n]));
      return [...layout.values()].map(({ node, position, width, height }) => {
        const taskId = node.task?.id;
        const box = node.kind === "cluster" || node.kind === "lane";
        return {
          ...byId.get(node.id),
          id: node.id,
          type: node.kind,
          position,
          ...(node.parent ? { parentId: node.parent } : {}),
          // Boxes stay behind what they hold, and a click on a box's empty part selects nothing.
          ...(box ? { zIndex: -1, selectable: false, style: { width, height } } : {}),
          data: {
            node,
            status: taskId ? statuses?.[taskId] : undefined,
            selected: taskId !== undefined && taskId === selectedId && !box,
            width,
            height,
          },
          draggable: false,
          connectable: false,
        };
      });
    });
  }, [layout, statusKey, selectedId, setNodes]); // eslint-disable-line react-hooks/exhaustive-deps
  const edges = useMemo(
    () =>
      graph.edges.map((e) => {
        // A branch (then/else, a case) takes the state of its first task: which one ran shows at a glance.
        const branchState = e.kind === "branch" ? statuses?.[e.target]?.state : undefined;
        const hex = branchState ? stateHex(branchState) : undefined;
        return {
          id: e.id,
          source: e.source,
          target: e.target,
          ...(branchState ? { className: `branch-${branchState.replace(" ", "_")}` } : {}),
          ...(e.label
            ? {
                label: e.label,
                labelBgPadding: [4, 2] as [number, number],
                labelStyle: { fontSize: 11, fontWeight: 600 },
                labelBgStyle: {
                  fill: hex?.fill ?? (e.kind === "lane" ? "var(--color-amber-100)" : "var(--color-sky-100)"),
                },
              }
            : {}),
          style:
            e.kind === "lane"
              ? { strokeDasharray: "5 4", stroke: "var(--color-amber-600)" }
              : hex
                ? { stroke: hex.stroke, ...(branchState === "NOT RUN" ? { strokeDasharray: "4 4" } : {}) }
                : undefined,
          animated: statuses?.[e.target]?.state === State.RUNNING,
        };
      }),
    [layout, statusKey], // eslint-disable-line react-hooks/exhaustive-deps
  );
  // Fit the view again when the set of tasks changes or the pane is resized (a form opening below
  // it, a layout switch); the first fit is the fitView prop's.
  const fittedShape = useRef(shape);
  const pane = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (fittedShape.current === shape) return;
    fittedShape.current = shape;
    const frame = requestAnimationFrame(() => void fitView({ padding: 0.15, maxZoom: 1 }));
    return () => cancelAnimationFrame(frame);
  }, [shape, fitView]);
  useEffect(() => {
    const el = pane.current;
    if (!el) return;
    let frame = 0;
    const observer = new ResizeObserver(() => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() => void fitView({ padding: 0.15, maxZoom: 1 }));
    });
    observer.observe(el);
    return () => {
      observer.disconnect();
      cancelAnimationFrame(frame);
    };
  }, [fitView]);
  return (
    <div ref={pane} className="h-full w-full">
      <ReactFlow
        nodes={nodes}
        onNodesChange={onNodesChange}
        edges={edges}
        nodeTypes={nodeTypes}
        colorMode={dark ? "dark" : "light"}
        onNodeClick={(_, node) => {
          const kind = node.type;
          const taskId = (node.data as NodeData).node.task?.id;
          if (taskId && (kind === "task" || kind === "flowable")) onSelect?.(taskId);
        }}
        fitView
        fitViewOptions={{ padding: 0.15, maxZoom: 1 }}
        nodesDraggable={false}
        nodesConnectable={false}
        proOptions={{ hideAttribution: true }}
        // No keyboard shortcuts: React Flow listens on the whole document and would swallow the space
        // typed in Monaco (whose input is not a textarea in Chromium), and this graph is not edited by keys.
        panActivationKeyCode={null}
        deleteKeyCode={null}
        selectionKeyCode={null}
        multiSelectionKeyCode={null}
        zoomActivationKeyCode={null}
        minZoom={0.2}
      >
        <Background gap={16} size={1} />
        <Controls showInteractive={false} />
      </ReactFlow>
    </div>
  );
}

/** A flow's tasks as a graph (React Flow, laid out by dagre; flowables as boxes, branches labelled); with `statuses`, each task's state live. */
export function FlowGraph(props: FlowGraphProps) {
  return (
    <div className="h-full w-full" data-testid="flow-graph">
      <ReactFlowProvider>
        <Graph {...props} />
      </ReactFlowProvider>
    </div>
  );
}
