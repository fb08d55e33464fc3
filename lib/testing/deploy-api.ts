import { bearer } from "./accounts";

/**
 * Once more when a kept-alive connection was closed under the request (Docker's port proxy passes
 * the server's idle close through late): the request never reached the server.
 */
export async function retryingStale<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    if ((err as { cause?: { code?: string } }).cause?.code !== "UND_ERR_SOCKET") throw err;
    return call();
  }
}

/** The deployed server's API as the deploy tests call it: `at()` gives its address and token, read at each call. */
export function deployApi(at: () => { baseUrl: string; token: string }) {
  return async function api<T>(path: string, init: RequestInit = {}): Promise<T> {
    const { baseUrl, token } = at();
    const res = await retryingStale(() =>
      fetch(`${baseUrl}${path}`, {
        ...init,
        headers: { ...init.headers, ...bearer(token) },
        signal: AbortSignal.timeout(30_000),
      }),
    );
    if (!res.ok) throw new Error(`${init.method ?? "GET"} ${path}: ${res.status} ${await res.text()}`);
    return (res.headers.get("content-type")?.includes("json") ? res.json() : res.text()) as Promise<T>;
  };
}
