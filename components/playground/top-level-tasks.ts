import { parse } from "yaml";

/** What the playground offers to run in the editor's flow: its name and its top-level tasks. */
export interface PlaygroundFlow {
  namespace: string;
  id: string;
  tasks: { id: string; type: string }[];
}

const text = (v: unknown) => (typeof v === "string" || typeof v === "number" ? String(v) : "");

/**
 * The flow as typed, read loosely (the server checks it fully when a run is asked for): null while
 * the YAML does not parse or names no namespace and id. Tasks without an id are left out.
 */
export function playgroundFlow(source: string): PlaygroundFlow | null {
  let data: unknown;
  try {
    data = parse(source);
  } catch {
    // Half-typed YAML: nothing to offer until it parses again.
    return null;
  }
  if (data === null || typeof data !== "object" || Array.isArray(data)) return null;
  const flow = data as Record<string, unknown>;
  const namespace = text(flow.namespace);
  const id = text(flow.id);
  if (!namespace || !id) return null;
  const tasks = (Array.isArray(flow.tasks) ? flow.tasks : [])
    .map((t) => (t && typeof t === "object" ? (t as Record<string, unknown>) : {}))
    .map((t) => ({ id: text(t.id), type: text(t.type) }))
    .filter((t) => t.id !== "");
  return { namespace, id, tasks };
}
