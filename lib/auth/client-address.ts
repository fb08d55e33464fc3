import { getIP } from "better-auth/api";

/**
 * The address a request came from, read exactly as sign-in's rate limit reads it (better-auth's
 * `getIP` with the same `trustedProxies`), so every per-address limit agrees on who a client is:
 * X-Forwarded-For is walked from the right past the listed proxies; with none listed, only a
 * single-address X-Forwarded-For counts (the one Next.js sets from the connection when the client
 * sent none). Unresolvable (a forged chain, say) is one shared bucket, never a fresh one per claim.
 */
export function clientAddress(request: Request, trustedProxies: string[]): string {
  return getIP(request, { advanced: { ipAddress: { trustedProxies } } }) ?? "unknown";
}
