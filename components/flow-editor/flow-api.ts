import { send } from "../ui/api";

export { ApiError, type ApiProblem } from "../ui/api";

/** Browser-side calls to the flow and execution API. */
export interface SavedFlowRef {
  namespace: string;
  id: string;
  revision: number;
  savedBy: string | null;
}

export function saveFlowSource(
  source: string,
  existing: { namespace: string; id: string } | null,
): Promise<SavedFlowRef> {
  const url = existing
    ? `/api/v1/flows/${encodeURIComponent(existing.namespace)}/${encodeURIComponent(existing.id)}`
    : "/api/v1/flows";
  return send(url, {
    method: existing ? "PUT" : "POST",
    headers: { "Content-Type": "application/x-yaml" },
    body: source,
  });
}

export function startExecution(namespace: string, id: string): Promise<{ id: string }> {
  return send(`/api/v1/executions/${encodeURIComponent(namespace)}/${encodeURIComponent(id)}`, { method: "POST" });
}

export async function fetchFlowSchema(): Promise<Record<string, unknown>> {
  const res = await fetch("/api/v1/plugins/schemas/flow");
  return (await res.json()) as Record<string, unknown>;
}
