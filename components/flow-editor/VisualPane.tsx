"use client";

import { useEffect, useRef, useState } from "react";
import type { TaskPath } from "@/lib/flow/task-tree";
import { addTask, deleteTask, moveTask, setTaskProperty, taskSpans } from "@/lib/flow/yaml-edit";
import { FlowGraph } from "../topology/FlowGraph";
import { addTargets } from "./add-targets";
import { TaskForm } from "./TaskForm";
import { TaskPalette } from "./TaskPalette";
import type { TaskTypeSchema } from "./task-schema";
import { newTask } from "./task-schema";
import type { FlowGraphState } from "./useFlowGraph";

interface VisualPaneProps {
  source: string;
  graph: FlowGraphState;
  types: TaskTypeSchema[];
  /** The selected task's id (ids are unique in a flow, at any depth). */
  selected: string | null;
  onSelect: (taskId: string | null) => void;
  /** Replaces the YAML (undoable in the editor). */
  onSource: (next: string) => void;
  canEdit: boolean;
}

/** The graph of the flow, a palette to add tasks (inside the selected flowable too), and a form for the selected task; every edit goes into the YAML. */
export function VisualPane({ source, graph, types, selected, onSelect, onSource, canEdit }: VisualPaneProps) {
  const task = selected !== null ? graph.tasks.find((t) => t.id === selected) : undefined;
  const typeSchema = task && types.find((t) => t.type === task.type);
  // The graph trails the text by a moment: find the task where it is now, so two quick edits hit the same task.
  const pathNow = (t: { id: string; path: TaskPath }) => taskSpans(source).find((s) => s.id === t.id)?.path ?? t.path;
  // Enter on a node opens its form: the first field takes the focus once the form is drawn.
  const panel = useRef<HTMLDivElement>(null);
  const [opened, setOpened] = useState(0);
  useEffect(() => {
    if (opened === 0) return;
    // After the editor's own focus on a selection has settled.
    const frame = requestAnimationFrame(() =>
      panel.current
        ?.querySelector<HTMLElement>(
          "[data-testid=task-form] :is(input:not([type=hidden]), select, textarea):not(:disabled)",
        )
        ?.focus(),
    );
    return () => cancelAnimationFrame(frame);
  }, [opened]);
  const edit = (change: () => string) => {
    try {
      onSource(change());
      return true;
    } catch (err) {
      alert(err instanceof Error ? err.message : String(err)); // e.g. the YAML changed under the form
      return false;
    }
  };
  return (
    <div className="flex h-full min-h-0 flex-col">
      <div className="flex items-center gap-2 border-b border-slate-200 bg-white px-2 py-1">
        <TaskPalette
          types={types}
          targets={graph.error === null ? addTargets(task) : addTargets(undefined)}
          disabled={!canEdit || graph.error !== null}
          onPick={(t, target) => {
            const created = newTask(
              t,
              graph.tasks.map((x) => x.id),
            );
            if (edit(() => addTask(source, target.dagEntry ? { task: created } : created, target.listPath)))
              onSelect(String(created.id));
          }}
        />
        {graph.error && (
          <span className="truncate text-xs text-amber-700" role="status" data-testid="graph-error" title={graph.error}>
            Showing the last valid graph: {graph.error}
          </span>
        )}
      </div>
      <div className="min-h-0 flex-1">
        <FlowGraph
          graph={graph.model}
          selectedId={task?.id ?? null}
          onSelect={(id) => onSelect(id)}
          onOpen={(id) => {
            onSelect(id);
            setOpened((n) => n + 1);
          }}
        />
      </div>
      {/* While the YAML does not parse, the graph is an old one: no form to edit it through. */}
      {task && typeSchema && graph.error === null && (
        <div
          ref={panel}
          className="max-h-[50%] overflow-auto border-t border-slate-200 bg-white p-3"
          data-testid="task-panel"
        >
          <div className="mb-2 flex items-center gap-2">
            <span className="font-semibold">{task.id}</span>
            <span className="truncate font-mono text-[11px] text-slate-500">{task.type}</span>
            {canEdit && (
              <span className="ml-auto flex gap-1 text-xs">
                <button
                  type="button"
                  disabled={task.index === 0}
                  onClick={() => edit(() => moveTask(source, pathNow(task), -1))}
                  className="rounded border px-1.5 disabled:opacity-40"
                  title="Move up"
                >
                  ↑
                </button>
                <button
                  type="button"
                  disabled={task.index === task.siblings - 1}
                  onClick={() => edit(() => moveTask(source, pathNow(task), 1))}
                  className="rounded border px-1.5 disabled:opacity-40"
                  title="Move down"
                >
                  ↓
                </button>
                <button
                  type="button"
                  onClick={() => {
                    if (edit(() => deleteTask(source, pathNow(task)))) onSelect(null);
                  }}
                  className="rounded border border-red-300 px-1.5 text-red-700"
                >
                  Delete
                </button>
              </span>
            )}
          </div>
          <TaskForm
            key={`${task.id}:${task.type}`}
            schema={typeSchema.schema}
            value={task.value}
            readOnly={!canEdit}
            onChange={(path, value) => edit(() => setTaskProperty(source, pathNow(task), path, value))}
          />
        </div>
      )}
    </div>
  );
}
