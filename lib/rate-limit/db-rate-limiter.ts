import type { Db } from "../db/create-client";

/** Something that counts attempts per key in a window: false once the key has used its window up. */
export interface RateLimiter {
  take(key: string): Promise<boolean>;
}

/**
 * A fixed-window limit kept in the database (the `rateLimit` table, shared with better-auth), so
 * every server on it enforces the same limit. Each step is one conditional write, so two servers
 * counting the same key at once never both get the last slot.
 */
export class DbRateLimiter implements RateLimiter {
  constructor(
    private readonly db: Db,
    /** Prefix of this limiter's keys, apart from better-auth's and other limiters'. */
    private readonly scope: string,
    private readonly max: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  async take(name: string): Promise<boolean> {
    const key = `${this.scope}:${name}`;
    for (let round = 0; round < 5; round++) {
      const now = this.now();
      const windowStart = BigInt(now - this.windowMs);
      // In a live window with room: count this one.
      const counted = await this.db.rateLimit.updateMany({
        where: { key, lastRequest: { gt: windowStart }, count: { lt: this.max } },
        data: { count: { increment: 1 } },
      });
      if (counted.count) return true;
      // A window that has run out: open a new one with this attempt.
      const reopened = await this.db.rateLimit.updateMany({
        where: { key, lastRequest: { lte: windowStart } },
        data: { count: 1, lastRequest: BigInt(now) },
      });
      if (reopened.count) return true;
      const row = await this.db.rateLimit.findUnique({ where: { key } });
      if (row && row.lastRequest > windowStart && row.count >= this.max) return false;
      if (row) continue; // made or reopened by another server since the writes above: count again
      try {
        await this.db.rateLimit.create({ data: { key, count: 1, lastRequest: BigInt(now) } });
        return true;
      } catch {
        // Another server created it first: count against its window.
      }
    }
    return false;
  }
}
