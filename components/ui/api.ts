/** Browser-side calls to Osprey's API, with the server's message and problems passed through. */
export interface ApiProblem {
  message: string;
  path?: string;
  line?: number;
  column?: number;
}

export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly problems: ApiProblem[],
  ) {
    super(message);
  }
}

export async function send<T>(url: string, init: RequestInit = {}): Promise<T> {
  const res = await fetch(url, init);
  const body =
    res.status === 204 ? {} : ((await res.json().catch(() => ({}))) as { message?: string; problems?: ApiProblem[] });
  if (!res.ok) throw new ApiError(body.message ?? `request failed (${res.status})`, res.status, body.problems ?? []);
  return body as T;
}

/** A JSON request body. */
export function sendJson<T>(url: string, method: string, body: unknown): Promise<T> {
  return send(url, { method, headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
}
