"use client";

import {
  Background,
  Controls,
  MiniMap,
  type Node,
  ReactFlow,
  ReactFlowProvider,
  useNodesState,
  useUpdateNodeInternals,
} from "@xyflow/react";
import "@xyflow/react/dist/style.css";
import {
  type FocusEvent,
  type KeyboardEvent,
  useEffect,
  useId,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
} from "react";
import { useDarkMode } from "../theme/use-dark-mode";
import { stateHex } from "../ui/state-colors";
import { collapsedSet, collapseModel, flowableTasks, stateSummary, type TaskStatus } from "./collapse";
import { flowEdges } from "./graph-edges";
import { readDirection, saveDirection } from "./graph-direction";
import type { FlowGraphModel } from "./graph-model";
import { type NodeData, nodeTypes } from "./graph-nodes";
import { GraphToolbar } from "./GraphToolbar";
import { isArrow, nextNode } from "./keyboard-nav";
import { layoutGraph, shortType } from "./layout";
import { useGraphView } from "./useGraphView";
import type { Direction } from "./viewport";

export type { TaskStatus } from "./collapse";

interface FlowGraphProps {
  graph: FlowGraphModel;
  statuses?: Record<string, TaskStatus>;
  selectedId?: string | null;
  onSelect?: (taskId: string) => void;
  /** Enter on a node: open what the page shows of a task (the editor's form); without it, `onSelect`. */
  onOpen?: (taskId: string) => void;
}

type Pane = { width: number; height: number };

/** The task node a DOM event came from (React Flow puts the node's id on its wrapper). */
const nodeIdOf = (target: EventTarget) =>
  (target as HTMLElement).closest?.(".react-flow__node")?.getAttribute("data-id") ?? null;

function Graph({
  graph,
  statuses,
  selectedId,
  onSelect,
  onOpen,
  pane,
  initialDirection,
}: FlowGraphProps & { pane: Pane; initialDirection: Direction }) {
  const dark = useDarkMode();
  const [direction, setDirection] = useState(initialDirection);
  const helpId = useId();
  // Layout depends on the graph's shape only; states and selection restyle nodes without moving them.
  const shape = JSON.stringify(graph);
  // The reader's own fold choices, by flowable; the others fold by size (collapse.ts).
  const [choices, setChoices] = useState<Record<string, boolean>>({});
  // biome-ignore lint/correctness/useExhaustiveDependencies: keyed on the graph's shape (its JSON), not on its identity
  const collapsed = useMemo(() => collapsedSet(graph, choices), [shape, choices]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: keyed on the graph's shape (its JSON), not on its identity
  const tasksOf = useMemo(() => flowableTasks(graph), [shape]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: keyed on the graph's shape (its JSON), not on its identity
  const shown = useMemo(() => collapseModel(graph, collapsed), [shape, collapsed]);
  const layout = useMemo(() => layoutGraph(shown, direction), [shown, direction]);
  const taskPlaces = useMemo(
    () => [...layout.values()].filter((p) => p.node.kind === "task" || p.node.kind === "flowable"),
    [layout],
  );
  const start = taskPlaces[0];
  const view = useGraphView(layout, pane, direction, start?.node.id);
  // The node the arrow keys move from, and the graph's one tab stop.
  const [cursor, setCursor] = useState<string | null>(selectedId ?? null);
  const tabStop = cursor !== null && layout.has(cursor) ? cursor : (start?.node.id ?? null);

  // A task selected elsewhere (the cursor in the YAML) comes into view, out of folded flowables
  // too; once per selection, so folding it away again afterwards stays folded.
  const toShow = useRef<string | null>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: once per new selection
  useEffect(() => {
    toShow.current = selectedId ?? null;
    if (!selectedId) return;
    setCursor(selectedId);
    const folded = [...collapsed].filter((f) => tasksOf.get(f)?.includes(selectedId));
    if (folded.length > 0) setChoices((c) => ({ ...c, ...Object.fromEntries(folded.map((f) => [f, false])) }));
  }, [selectedId]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: shows it once it is drawn
  useEffect(() => {
    const place = toShow.current ? layout.get(toShow.current) : undefined;
    if (!place) return;
    toShow.current = null;
    view.show(place.absolute);
  }, [selectedId, layout]);

  const fold = (id: string) => {
    view.keepInPlace(id);
    setChoices((c) => ({ ...c, [id]: !collapsed.has(id) }));
  };
  const statusKey = JSON.stringify(statuses ?? {});
  const [nodes, setNodes, onNodesChange] = useNodesState<Node<NodeData>>([]);
  // Nodes change only when the tasks, a state, the selection or a fold do (log lines re-render the
  // page many times a second). An updated node keeps what React Flow measured of it, or it would be
  // hidden until measured again.
  // biome-ignore lint/correctness/useExhaustiveDependencies: statusKey stands for the statuses' content
  useEffect(() => {
    setNodes((previous) => {
      const byId = new Map(previous.map((n) => [n.id, n]));
      return [...layout.values()].map(({ node, position, width, height }) => {
        const taskId = node.task?.id;
        const box = node.kind === "cluster" || node.kind === "lane";
        const isTask = node.kind === "task" || node.kind === "flowable";
        const inside = node.kind === "flowable" ? (tasksOf.get(node.id) ?? []) : [];
        const status = taskId ? statuses?.[taskId] : undefined;
        return {
          ...byId.get(node.id),
          id: node.id,
          type: node.kind,
          position,
          ...(node.parent ? { parentId: node.parent } : {}),
          // Boxes stay behind what they hold, and a click on a box's empty part selects nothing.
          ...(box ? { zIndex: -1, style: { width, height } } : {}),
          // Tasks are reached by Tab (one stop, the cursor) and arrows; boxes and end nodes are not.
          focusable: isTask,
          ...(isTask
            ? {
                ariaLabel: `${taskId}, ${shortType(node.task!.type)}${status ? `, ${status.state}` : ""}`,
                domAttributes: { tabIndex: node.id === tabStop ? 0 : -1 },
              }
            : {}),
          data: {
            node,
            status,
            selected: taskId !== undefined && taskId === selectedId && !box,
            width,
            height,
            direction,
            ...(inside.length > 0
              ? {
                  group: {
                    tasks: inside.length,
                    summary: statuses ? stateSummary(inside, graph, statuses) : [],
                    onToggle: () => fold(node.id),
                  },
                }
              : {}),
          },
          draggable: false,
          connectable: false,
        };
      });
    });
  }, [layout, statusKey, selectedId, tabStop, collapsed, setNodes]);
  // Handles move to other sides with the direction: React Flow measures them again only when told.
  const updateNodeInternals = useUpdateNodeInternals();
  const measuredFor = useRef(direction);
  useEffect(() => {
    if (measuredFor.current === direction || nodes[0]?.data.direction !== direction) return;
    measuredFor.current = direction;
    updateNodeInternals(nodes.map((n) => n.id));
  }, [nodes, direction, updateNodeInternals]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: statusKey stands for the statuses' content
  const edges = useMemo(() => flowEdges(shown, statuses), [shown, statusKey]);

  // Keys act only inside the graph (React Flow's own document-wide keys are off): typing in the
  // YAML editor beside it must never move the graph.
  const onKeyDown = (e: KeyboardEvent) => {
    const target = e.target as HTMLElement;
    if (target.closest("input, textarea, select, [contenteditable=true]")) return;
    const id = nodeIdOf(target);
    if ((e.key === "f" || e.key === "F") && !e.ctrlKey && !e.metaKey && !e.altKey) {
      e.preventDefault();
      view.fitAll();
    } else if (isArrow(e.key) && id) {
      e.preventDefault();
      const points = taskPlaces.map((p) => ({
        id: p.node.id,
        x: p.absolute.x + p.absolute.width / 2,
        y: p.absolute.y + p.absolute.height / 2,
      }));
      const next = nextNode(points, id, e.key);
      if (!next) return;
      setCursor(next);
      view.show(layout.get(next)!.absolute);
      e.currentTarget
        .querySelector<HTMLElement>(`.react-flow__node[data-id="${CSS.escape(next)}"]`)
        ?.focus({ preventScroll: true });
    } else if (e.key === " " && id && tasksOf.get(id)?.length) {
      e.preventDefault();
      fold(id);
    } else if (e.key === "Enter" && id && layout.get(id)?.node.task) {
      e.preventDefault();
      (onOpen ?? onSelect)?.(id);
    }
  };
  // A node reached by Tab becomes the cursor and comes into view (a click's focus does not pan: the
  // node would move from under the pointer).
  const onFocus = (e: FocusEvent) => {
    const id = nodeIdOf(e.target);
    if (!id || !layout.has(id)) return;
    setCursor(id);
    if ((e.target as HTMLElement).matches(":focus-visible")) view.show(layout.get(id)!.absolute);
  };

  return (
    // biome-ignore lint/a11y/noNoninteractiveElementInteractions: keys bubble up from the focused node inside
    // biome-ignore lint/a11y/useSemanticElements: a region of the page holding the graph, not a form's fieldset
    <div
      role="group"
      aria-label="Flow graph"
      aria-describedby={helpId}
      className="relative h-full w-full"
      data-direction={direction}
      onKeyDown={onKeyDown}
      onFocus={onFocus}
    >
      <p id={helpId} className="sr-only">
        Tab reaches a task; arrow keys move between tasks, Enter opens one, Space folds a flowable, F fits the view.
      </p>
      <GraphToolbar
        direction={direction}
        onDirection={(d) => {
          saveDirection(d);
          setDirection(d);
        }}
        onFit={view.fitAll}
      />
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
        defaultViewport={view.firstView}
        nodesDraggable={false}
        nodesConnectable={false}
        elementsSelectable={false}
        edgesFocusable={false}
        // React Flow pans to a focused node from its position in its box, wrong for nested nodes: done above.
        autoPanOnNodeFocus={false}
        proOptions={{ hideAttribution: true }}
        // No React Flow shortcuts: it listens on the whole document and would swallow the space
        // typed in Monaco (whose input is not a textarea in Chromium).
        panActivationKeyCode={null}
        deleteKeyCode={null}
        selectionKeyCode={null}
        multiSelectionKeyCode={null}
        zoomActivationKeyCode={null}
        minZoom={0.05}
      >
        <Background gap={16} size={1} />
        <Controls showInteractive={false} showFitView={false} />
        {view.large && (
          <MiniMap
            pannable
            zoomable
            ariaLabel="Overview of the whole flow"
            style={{ width: 160, height: 100 }}
            nodeColor={(n) => {
              const state = (n.data as NodeData).status?.state;
              return n.type === "cluster" || n.type === "lane"
                ? "transparent"
                : (state && stateHex(state)?.stroke) || "#94a3b8";
            }}
            nodeStrokeColor={(n) => (n.type === "cluster" ? "#7dd3fc" : n.type === "lane" ? "#fbbf24" : "transparent")}
          />
        )}
      </ReactFlow>
    </div>
  );
}

/**
 * A flow's tasks as a graph (React Flow, laid out by dagre; flowables as boxes that fold, branches
 * labelled); with `statuses`, each task's state live. It opens readable (see viewport.ts), with
 * Fit (F), a horizontal/vertical switch, arrows between nodes and Enter to open one.
 */
export function FlowGraph(props: FlowGraphProps) {
  const box = useRef<HTMLDivElement>(null);
  const [pane, setPane] = useState<Pane | null>(null);
  const [direction, setDirection] = useState<Direction | null>(null);
  // Before the first paint: the opening view needs the pane's size and the remembered direction.
  useLayoutEffect(() => {
    const el = box.current;
    if (!el) return;
    const measure = () => {
      if (el.clientWidth > 0 && el.clientHeight > 0) setPane({ width: el.clientWidth, height: el.clientHeight });
    };
    setDirection(readDirection());
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  return (
    <div ref={box} className="h-full w-full" data-testid="flow-graph">
      {pane && direction && (
        <ReactFlowProvider>
          <Graph {...props} pane={pane} initialDirection={direction} />
        </ReactFlowProvider>
      )}
    </div>
  );
}
