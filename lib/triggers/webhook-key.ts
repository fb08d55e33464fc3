import { createHash, timingSafeEqual } from "node:crypto";

/**
 * Whether the key in the URL is the trigger's, in time that does not depend on where they differ:
 * both are hashed first, so lengths never differ and the comparison reveals nothing of the key.
 */
export function webhookKeyMatches(given: string, expected: string): boolean {
  const digest = (s: string) => createHash("sha256").update(s, "utf8").digest();
  return timingSafeEqual(digest(given), digest(expected));
}
