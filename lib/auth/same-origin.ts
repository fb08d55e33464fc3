/** Methods that change nothing; they need no Origin check. */
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Whether a request that rides on a session cookie may change state: its Origin must be the
 * server's own (OSPREY_BASE_URL, or the Host it was sent to) or one listed as trusted. A browser
 * always sends Origin on a cross-site or non-GET fetch, so a missing one is refused too.
 */
export function originAllowed(request: Request, options: { baseUrl?: string; trusted: string[] }): boolean {
  if (SAFE_METHODS.has(request.method)) return true;
  const origin = request.headers.get("origin");
  if (!origin || origin === "null") return false;
  const own = options.baseUrl ? new URL(options.baseUrl).origin : requestOrigin(request);
  return origin === own || options.trusted.some((t) => new URL(t).origin === origin);
}

/** The origin a request was sent to, from its Host (and a proxy's X-Forwarded-* headers). */
export function requestOrigin(request: Request): string {
  const url = new URL(request.url);
  const host = request.headers.get("x-forwarded-host") ?? request.headers.get("host") ?? url.host;
  const proto = request.headers.get("x-forwarded-proto") ?? url.protocol.replace(":", "");
  return `${proto}://${host}`;
}
