import type { TaskPath } from "@/lib/flow/task-tree";
import type { TaskSpan } from "@/lib/flow/yaml-edit";
import type { FlowGraphModel } from "../topology/graph-model";

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
