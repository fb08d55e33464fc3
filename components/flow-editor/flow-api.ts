/** Browser-side calls to the flow and execution API, with the server's problems passed through. */
export interface ApiProblem {
  message: string;
  path?: string;
  line?: number;
  column?: number;
}

export class ApiError extends Error {
  constructor(message: string, readonly status: number, readonly problems: ApiProblem[]) {
    super(message);
  }
}

async function send<T>(url: string, init: RequestInit): Promise<T> {
  const res = await fetch(url, init);
  const body = (await res.json().catch(() => ({}))) as { message?: string; problems?: ApiProblem[] };
  if (!res.ok) throw new ApiError(body.message ?? `request failed (${res.status})`, res.status, body.problems ?? []);
  return body as T;
}

export interface SavedFlowRef {
  namespace: string;
  id: string;
  revision: number;
}

export function saveFlowSource(source: string, existing: { namespace: string; id: string } | null): Promise<SavedFlowRef> {
  const url = existing ? `/api/v1/flows/${encodeURIComponent(existing.namespace)}/${encodeURIComponent(existing.id)}` : "/api/v1/flows";
  return send(url, { method: existing ? "PUT" : "POST", headers: { "Content-Type": "application/x-yaml" }, body: source });
}

export function startExecution(namespace: string, id: string): Promise<{ id: string }> {
  return send(`/api/v1/executions/${encodeURIComponent(namespace)}/${encodeURIComponent(id)}`, { method: "POST" });
}

export async function fetchFlowSchema(): Promise<Record<string, unknown>> {
  const res = await fetch("/api/v1/plugins/schemas/flow");
  return (await res.json()) as Record<string, unknown>;
}
