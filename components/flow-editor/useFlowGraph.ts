"use client";

import { useEffect, useState } from "react";
import { parse } from "yaml";
import { parseFlow } from "@/lib/flow/parse-flow";
import { forEachTask, type TaskPath } from "@/lib/flow/task-tree";
import { type TaskSpan, taskSpans } from "@/lib/flow/yaml-edit";
import { buildFlowGraph, type FlowGraphModel } from "../topology/graph-model";

/** A task of the flow at any depth, as the form edits it. */
export interface EditorTask {
  id: string;
  type: string;
  /** Where it is in the document, e.g. `["tasks", 1, "then", 0]`. */
  path: TaskPath;
  /** Its raw value as written. */
  value: Record<string, unknown>;
  /** How many tasks its list holds, and its place there (for the move buttons). */
  siblings: number;
  index: number;
}

export interface FlowGraphState {
  /** The last graph that parsed: kept while the YAML is invalid. */
  model: FlowGraphModel;
  tasks: EditorTask[];
  spans: TaskSpan[];
  /** Why the current text does not parse, with its line; null when it does. */
  error: string | null;
}

const DEBOUNCE_MS = 250;
const EMPTY: FlowGraphModel = { nodes: [], edges: [] };

/** The flow's graph, recomputed a moment after typing stops, and once the task types registered from manifests are known (`typesKnown`). */
export function useFlowGraph(source: string, typesKnown: boolean): FlowGraphState {
  const [state, setState] = useState<FlowGraphState>(() => compute(source, null));
  // biome-ignore lint/correctness/useExhaustiveDependencies: typesKnown changes what the same source parses to
  useEffect(() => {
    const timer = setTimeout(() => setState((prev) => compute(source, prev)), DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [source, typesKnown]);
  return state;
}

function compute(source: string, prev: FlowGraphState | null): FlowGraphState {
  const parsed = parseFlow(source);
  if (!parsed.ok) {
    const p = parsed.problems[0];
    const error = `${p?.message ?? "invalid flow"}${p?.line ? ` (line ${p.line}, column ${p.column})` : ""}`;
    return { model: prev?.model ?? EMPTY, tasks: prev?.tasks ?? [], spans: prev?.spans ?? [], error };
  }
  const raw = parse(source) as Record<string, unknown>;
  return { model: buildFlowGraph(raw), tasks: editorTasks(raw), spans: taskSpans(source), error: null };
}

/** Every task with its path; the deprecated listeners' tasks are left to the YAML. */
export function editorTasks(raw: Record<string, unknown>): EditorTask[] {
  const tasks: EditorTask[] = [];
  forEachTask(raw, (task, path) => {
    if (path[0] === "listeners" || typeof task.id !== "string" || typeof task.type !== "string") return;
    const entry = path.at(-1) === "task" ? path.slice(0, -1) : path;
    const list = getAt(raw, entry.slice(0, -1));
    tasks.push({
      id: task.id,
      type: task.type,
      path,
      value: task,
      siblings: Array.isArray(list) ? list.length : 1,
      index: Number(entry.at(-1)),
    });
  });
  return tasks;
}

function getAt(data: unknown, path: TaskPath): unknown {
  let at = data;
  for (const key of path)
    at = at !== null && typeof at === "object" ? (at as Record<string | number, unknown>)[key] : undefined;
  return at;
}
