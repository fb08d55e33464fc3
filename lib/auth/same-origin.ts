/** Methods that change nothing; they need no Origin check. */
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export interface OriginOptions {
  baseUrl?: string;
  trusted: string[];
  /** OSPREY_TRUSTED_PROXIES: only with a proxy listed are its X-Forwarded-Host/-Proto believed. */
  trustedProxies: string[];
}

/**
 * Whether a request that rides on a session cookie may change state: its Origin must be the
 * server's own (OSPREY_BASE_URL, or the Host it was sent to) or one listed as trusted. A browser
 * always sends Origin on a cross-site or non-GET fetch, so a missing one is refused too.
 */
export function originAllowed(request: Request, options: OriginOptions): boolean {
  if (SAFE_METHODS.has(request.method)) return true;
  const origin = request.headers.get("origin");
  if (!origin || origin === "null") return false;
  const own = options.baseUrl ? new URL(options.baseUrl).origin : requestOrigin(request, options.trustedProxies);
  return origin === own || options.trusted.some((t) => new URL(t).origin === origin);
}

/**
 * The origin a request was sent to: its Host over plain http (what `next start` serves). A proxy's
 * X-Forwarded-Host and -Proto count only when OSPREY_TRUSTED_PROXIES lists one: a route handler
 * never sees the connection's address, and any client can send those headers itself.
 */
export function requestOrigin(request: Request, trustedProxies: readonly string[]): string {
  const behindProxy = trustedProxies.length > 0;
  const host =
    (behindProxy ? request.headers.get("x-forwarded-host") : null) ??
    request.headers.get("host") ??
    new URL(request.url).host;
  const proto = (behindProxy ? request.headers.get("x-forwarded-proto") : null) ?? "http";
  return `${proto}://${host}`;
}
