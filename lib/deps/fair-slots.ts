/**
 * Container slots shared fairly between namespaces: at most `capacity` held at once; when a slot
 * frees, the namespace holding the fewest gets it (the oldest waiter on a tie), so one team that
 * queues a thousand container tasks delays another team's next task by one slot, not by a thousand.
 */
export class FairSlots {
  private total = 0;
  private readonly held = new Map<string, number>();
  private readonly waiting = new Map<string, { seq: number; grant: () => void }[]>();
  private seq = 0;

  constructor(private capacity: number) {}

  /** Changes the capacity (an admin's setting); slots already held are kept. */
  resize(capacity: number): void {
    this.capacity = capacity;
    this.grant();
  }

  get inUse(): number {
    return this.total;
  }

  /**
   * Waits for a slot for `key`; resolves with its release (safe to call twice), or with null when
   * `signal` aborts first.
   */
  acquire(key: string, signal?: AbortSignal): Promise<(() => void) | null> {
    if (signal?.aborted) return Promise.resolve(null);
    return new Promise((resolve) => {
      const waiter = {
        seq: this.seq++,
        grant: () => {
          signal?.removeEventListener("abort", onAbort);
          resolve(this.take(key));
        },
      };
      const onAbort = () => {
        const queue = this.waiting.get(key) ?? [];
        const at = queue.indexOf(waiter);
        if (at >= 0) queue.splice(at, 1);
        if (queue.length === 0) this.waiting.delete(key);
        resolve(null);
      };
      signal?.addEventListener("abort", onAbort, { once: true });
      const queue = this.waiting.get(key);
      if (queue) queue.push(waiter);
      else this.waiting.set(key, [waiter]);
      this.grant();
    });
  }

  private take(key: string): () => void {
    this.total++;
    this.held.set(key, (this.held.get(key) ?? 0) + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.total--;
      const left = this.held.get(key)! - 1;
      if (left === 0) this.held.delete(key);
      else this.held.set(key, left);
      this.grant();
    };
  }

  private grant(): void {
    while (this.total < this.capacity && this.waiting.size > 0) {
      let best: string | null = null;
      for (const [key, queue] of this.waiting) {
        if (best === null) {
          best = key;
          continue;
        }
        const [mine, theirs] = [this.held.get(key) ?? 0, this.held.get(best) ?? 0];
        if (mine < theirs || (mine === theirs && queue[0].seq < this.waiting.get(best)![0].seq)) best = key;
      }
      const queue = this.waiting.get(best!)!;
      const waiter = queue.shift()!;
      if (queue.length === 0) this.waiting.delete(best!);
      waiter.grant();
    }
  }
}
