"use client";

import { Handle, type Node, type NodeProps, Position } from "@xyflow/react";
import { badgeClass, nodeClass } from "../ui/state-colors";
import type { TaskStatus } from "./collapse";
import type { GraphNode } from "./graph-model";
import { shortType } from "./layout";
import type { Direction } from "./viewport";

export type NodeData = {
  node: GraphNode;
  status?: TaskStatus;
  selected: boolean;
  width: number;
  height: number;
  direction: Direction;
  /** For a flowable: how many tasks it holds, its states when collapsed, and how to fold it. */
  group?: { tasks: number; summary: [string, number][]; onToggle: () => void };
};

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

/** Edges come in on the leading side and leave on the trailing one. */
function Handles({ direction, className }: { direction: Direction; className: string }) {
  return (
    <>
      <Handle type="target" position={direction === "LR" ? Position.Left : Position.Top} className={className} />
      <Handle type="source" position={direction === "LR" ? Position.Right : Position.Bottom} className={className} />
    </>
  );
}

/** Counts of the states of a collapsed flowable's tasks. */
function Summary({ taskId, summary }: { taskId: string; summary: [string, number][] }) {
  return (
    <span className="flex min-w-0 gap-0.5 overflow-hidden" data-testid={`summary-${taskId}`}>
      {summary.map(([state, count]) => (
        <span
          key={state}
          data-state={state}
          data-count={count}
          title={`${count} ${state}`}
          className={`${badgeClass(state)} rounded px-1 text-[10px] leading-4`}
        >
          {STATE_ICON[state] ?? "·"} {count}
        </span>
      ))}
    </span>
  );
}

/** Iteration chips: one per ForEach value or per run. */
function Chips({ taskId, chips }: { taskId: string; chips: { value: string; state: string }[] }) {
  return (
    <span className="flex min-w-0 gap-0.5 overflow-hidden" data-testid={`iterations-${taskId}`}>
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
  );
}

/** A task's node; a flowable's node is the header of its box (or the whole of it, collapsed), with a fold button. */
function TaskNode({ data }: NodeProps<Node<NodeData>>) {
  const { node, status, selected, group } = data;
  const task = node.task!;
  const chips = status?.iterations ?? [];
  const collapsed = node.collapsed === true;
  return (
    <div
      data-testid={`node-${task.id}`}
      data-state={status?.state ?? ""}
      data-selected={selected}
      data-kind={node.kind}
      data-collapsed={node.kind === "flowable" ? collapsed : undefined}
      style={{ width: data.width, height: data.height }}
      className={`rounded-md border-2 bg-white px-3 py-1 text-left shadow-sm ${status ? nodeClass(status.state) : "border-slate-300"} ${
        node.kind === "flowable" ? "bg-slate-50" : ""
      } ${collapsed ? "shadow-[4px_4px_0_-1px_rgb(148_163_184)]" : ""} ${selected ? "ring-2 ring-sky-500 ring-offset-1" : ""} ${task.disabled ? "opacity-50 [border-style:dashed]" : ""}`}
    >
      <Handles direction={data.direction} className="!bg-slate-400" />
      <div className="flex items-center justify-between gap-2">
        <span className="truncate text-sm font-semibold">{task.id}</span>
        <span className="flex shrink-0 items-center gap-1">
          {status && (
            <span role="img" title={status.state} aria-label={status.state}>
              {STATE_ICON[status.state] ?? "·"}
            </span>
          )}
          {group && (
            <button
              type="button"
              // One tab stop for the graph: from the keyboard, Space on the node folds it.
              tabIndex={-1}
              data-testid={`toggle-${task.id}`}
              aria-expanded={!collapsed}
              aria-label={`${collapsed ? "Expand" : "Collapse"} ${task.id}`}
              title={`${collapsed ? "Show" : "Hide"} its ${group.tasks} task${group.tasks === 1 ? "" : "s"}`}
              // Folding is not selecting: the click stays on the button.
              onClick={(e) => {
                e.stopPropagation();
                group.onToggle();
              }}
              className="nodrag nopan rounded border border-slate-300 bg-white px-1 text-[11px] leading-4 text-slate-600 hover:bg-slate-100"
            >
              {collapsed ? `+${group.tasks}` : "−"}
            </button>
          )}
        </span>
      </div>
      <div className="flex justify-between gap-1 text-[11px] text-slate-500">
        <span className="truncate">{shortType(task.type)}</span>
        {collapsed && group && group.summary.length > 0 ? (
          <Summary taskId={task.id} summary={group.summary} />
        ) : (
          <>
            {chips.length === 0 && status?.detail && <span>{status.detail}</span>}
            {chips.length > 0 && <Chips taskId={task.id} chips={chips} />}
          </>
        )}
      </div>
    </div>
  );
}

const HIDDEN_HANDLE = "!h-1 !min-h-0 !w-1 !min-w-0 !border-0 !bg-transparent";

/** Where a flowable's branches meet again. */
function EndNode({ data }: NodeProps<Node<NodeData>>) {
  return (
    <div className="h-3 w-3 rounded-full border-2 border-slate-400 bg-white">
      <Handles direction={data.direction} className={HIDDEN_HANDLE} />
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

export const nodeTypes = { task: TaskNode, flowable: TaskNode, end: EndNode, cluster: ClusterNode, lane: LaneNode };
