import { createHash, randomBytes } from "node:crypto";

/** Tokens start with this, so a leaked one is easy to spot in code and logs (and by secret scanners). */
export const TOKEN_PREFIX = "osp_";

/** A new token: 32 random bytes, URL-safe. Only its hash is ever stored. */
export function newToken(): string {
  return TOKEN_PREFIX + randomBytes(32).toString("base64url");
}

/** SHA-256 is enough here (unlike passwords): the token is 256 random bits, nothing to guess. */
export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** What a user sees of a stored token: its first characters. */
export function tokenPrefix(token: string): string {
  return token.slice(0, TOKEN_PREFIX.length + 6);
}

/** The token in `Authorization: Bearer …`, or null when the header holds none of ours. */
export function bearerToken(authorization: string | null): string | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? "");
  return match?.[1]?.startsWith(TOKEN_PREFIX) ? match[1] : null;
}
