/**
 * A loop's pause between passes: it ends after its interval, or at once when woken. A wake during
 * a pass is kept for the next pause (the pass may have read the database just before the news).
 */
export class LoopPause {
  private wakeUp: (() => void) | null = null;
  private woken = false;

  wake(): void {
    if (this.wakeUp) this.wakeUp();
    else this.woken = true;
  }

  async for(ms: number): Promise<void> {
    if (this.woken) {
      this.woken = false;
      return;
    }
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wakeUp = () => {
        clearTimeout(timer);
        resolve();
      };
    });
    this.wakeUp = null;
  }
}

/**
 * A look at the database a loop takes when signalled (a kill, a stop), else at most once per
 * interval in case the signal was lost: not on every pass, which busy servers make frequent.
 */
export class SignalledCheck {
  private due = true;
  private checkedAt = 0;

  signal(): void {
    this.due = true;
  }

  /** True when a look is due now (and counts it as taken). */
  take(intervalMs: number, now = Date.now()): boolean {
    if (!this.due && now - this.checkedAt < intervalMs) return false;
    this.due = false;
    this.checkedAt = now;
    return true;
  }
}
