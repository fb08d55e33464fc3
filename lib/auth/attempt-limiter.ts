/**
 * Counts attempts per key (an email) in a fixed window. Sign-in is also limited per client address
 * by better-auth; that address can be spoofed where no proxy sets it, this key cannot, so guessing
 * one account's password stays slow whatever address the guesses claim.
 */
export class AttemptLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(private readonly max: number, private readonly windowMs: number, private readonly now: () => number = Date.now) {}

  /** Records an attempt; false when the key has used up its window. */
  take(key: string): boolean {
    const now = this.now();
    const w = this.windows.get(key);
    if (!w || now - w.start >= this.windowMs) {
      this.prune(now);
      this.windows.set(key, { start: now, count: 1 });
      return true;
    }
    if (w.count >= this.max) return false;
    w.count++;
    return true;
  }

  /** Old windows are dropped as new ones open, so memory follows the keys of the last window only. */
  private prune(now: number) {
    for (const [key, w] of this.windows) if (now - w.start >= this.windowMs) this.windows.delete(key);
  }
}
