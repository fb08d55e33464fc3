import { parse } from "yaml";
import { parseFlow } from "@/lib/flow/parse-flow";
import { isBuiltInTaskType } from "@/lib/flow/task-types";
import { installManifests, MANIFESTS_KEY } from "@/lib/flow/task-types/manifest-registry";
import type { TTaskManifest } from "@/lib/flow/task-types/task-manifest";
import { forEachTask, type TaskPath } from "@/lib/flow/task-tree";
import { taskSpans } from "@/lib/flow/yaml-edit";
import { buildFlowGraph, type FlowGraphModel } from "../topology/graph-model";
import type { EditorTask, FlowGraphState } from "./flow-graph-state";

// The flow's parse and graph: every task type's schema comes with it, so the editor loads this
// module after its text is on screen (useFlowGraph).

const EMPTY: FlowGraphModel = { nodes: [], edges: [] };

/** The task types registered from manifests, which the flow schema carries: the editor's own parse (the topology) knows them then. */
export function installSchemaManifests(schema: Record<string, unknown>): void {
  const manifests = schema[MANIFESTS_KEY];
  if (Array.isArray(manifests)) installManifests(manifests as TTaskManifest[], isBuiltInTaskType);
}

export function computeFlowGraph(source: string, prev: FlowGraphState | null): FlowGraphState {
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
