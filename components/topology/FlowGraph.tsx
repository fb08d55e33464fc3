"use client";

import { Background, Controls, Handle, type Node, type NodeProps, Position, ReactFlow, ReactFlowProvider, useNodesState, useReactFlow } from "@xyflow/react";
import "@xyflow/react/dist/style.css";
import { useEffect, useMemo, useRef } from "react";
import { type GraphTask, layoutTasks, shortType } from "./layout";

export interface TaskStatus {
  state: string;
  /** Shown under the task, e.g. "1.2 s". */
  detail?: string;
}

type TaskNodeData = { task: GraphTask; status?: TaskStatus; selected: boolean };

const STATE_ICON: Record<string, string> = { RUNNING: "◐", SUCCESS: "✓", FAILED: "✗", KILLED: "■", WARNING: "!", CREATED: "○" };

function TaskNode({ data }: NodeProps<Node<TaskNodeData>>) {
  const { task, status, selected } = data;
  return (
    <div
      data-testid={`node-${task.id}`}
      data-state={status?.state ?? ""}
      data-selected={selected}
      className={`w-[220px] rounded-md border-2 bg-white px-3 py-1.5 text-left shadow-sm ${status ? `node-${status.state}` : "border-slate-300"} ${
        selected ? "ring-2 ring-sky-500 ring-offset-1" : ""
      } ${task.disabled ? "opacity-50 [border-style:dashed]" : ""}`}
    >
      <Handle type="target" position={Position.Top} className="!bg-slate-400" />
      <div className="flex items-center justify-between gap-2">
        <span className="truncate text-sm font-semibold">{task.id}</span>
        {status && <span title={status.state} aria-label={status.state}>{STATE_ICON[status.state] ?? "·"}</span>}
      </div>
      <div className="flex justify-between text-[11px] text-slate-500">
        <span className="truncate">{shortType(task.type)}</span>
        {status?.detail && <span>{status.detail}</span>}
      </div>
      <Handle type="source" position={Position.Bottom} className="!bg-slate-400" />
    </div>
  );
}

const nodeTypes = { task: TaskNode };

interface FlowGraphProps {
  tasks: GraphTask[];
  statuses?: Record<string, TaskStatus>;
  selectedId?: string | null;
  onSelect?: (taskId: string) => void;
}

function Graph({ tasks, statuses, selectedId, onSelect }: FlowGraphProps) {
  const { fitView } = useReactFlow();
  // Layout depends on the tasks only; states and selection restyle nodes without moving them.
  const shape = tasks.map((t) => `${t.id}:${t.type}:${t.disabled ? 1 : 0}`).join("|");
  const layout = useMemo(() => layoutTasks(tasks), [shape]); // eslint-disable-line react-hooks/exhaustive-deps
  // Nodes change only when the tasks, a state or the selection do (log lines re-render the page many
  // times a second). An updated node keeps what React Flow measured of it, or it would be hidden
  // until measured again.
  const statusKey = JSON.stringify(statuses ?? {});
  const [nodes, setNodes, onNodesChange] = useNodesState<Node<TaskNodeData>>([]);
  useEffect(() => {
    setNodes((previous) => {
      const byId = new Map(previous.map((n) => [n.id, n]));
      return tasks.map((task) => ({
        ...byId.get(task.id),
        id: task.id,
        type: "task",
        position: layout.positions.get(task.id) ?? { x: 0, y: 0 },
        data: { task, status: statuses?.[task.id], selected: task.id === selectedId },
        draggable: false,
        connectable: false,
      }));
    });
  }, [layout, statusKey, selectedId, setNodes]); // eslint-disable-line react-hooks/exhaustive-deps
  const edges = useMemo(
    () => layout.edges.map(([source, target]) => ({ id: `${source}->${target}`, source, target, animated: statuses?.[target]?.state === "RUNNING" })),
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
      onNodeClick={(_, node) => onSelect?.(node.id)}
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

/** A flow's tasks as a graph (React Flow, laid out by dagre); with `statuses`, each task's state live. */
export function FlowGraph(props: FlowGraphProps) {
  return (
    <div className="h-full w-full" data-testid="flow-graph">
      <ReactFlowProvider>
        <Graph {...props} />
      </ReactFlowProvider>
    </div>
  );
}
