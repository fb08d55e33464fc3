/** What a task run or an execution is stopped with when another process took its lease over. */
export class LeaseLostError extends Error {
  constructor(what: string) {
    super(`${what} was taken over by another process (its lease ran out here): this process lets it go`);
    this.name = "LeaseLostError";
  }

  /** Works across bundles, where `instanceof` does not. */
  static is(err: unknown): err is LeaseLostError {
    return (err as { name?: unknown } | null)?.name === "LeaseLostError";
  }
}

/**
 * The task runs this process holds in one execution, each with the signal that says another process
 * took it over (its lease ran out while this one was frozen or cut off): the holder then lets go
 * without a write and without touching its container, which the new holder has reattached to.
 */
export class HeldLeases {
  private readonly held = new Map<string, AbortController>();

  /** Starts holding a task run; the signal aborts (with a LeaseLostError) if it is taken over. */
  hold(taskRunId: string): AbortSignal {
    const controller = new AbortController();
    this.held.set(taskRunId, controller);
    return controller.signal;
  }

  /** The signal of a task run held here (a never-aborting one if it is not held). */
  signalOf(taskRunId: string): AbortSignal {
    return this.held.get(taskRunId)?.signal ?? new AbortController().signal;
  }

  release(taskRunId: string): void {
    this.held.delete(taskRunId);
  }

  lose(taskRunId: string): void {
    const controller = this.held.get(taskRunId);
    if (controller && !controller.signal.aborted) controller.abort(new LeaseLostError(`task run ${taskRunId}`));
  }
}
