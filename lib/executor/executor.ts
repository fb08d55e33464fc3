import type { ExecutorDeps } from "./executor-deps";
import { recoverOnStart } from "./recover-on-start";
import { runExecution } from "./run-execution";

/**
 * The worker loop inside the server process: claims CREATED executions oldest first and runs up to
 * `concurrency` of them at once. `wake()` skips the poll wait when a new execution is created here.
 */
export class Executor {
  private readonly running = new Map<string, AbortController>();
  private wakeUp: (() => void) | null = null;
  private stopped = false;
  private loopDone: Promise<void> | null = null;

  private readonly deps: ExecutorDeps;

  constructor(deps: ExecutorDeps) {
    this.deps = { ...deps, executions: { wake: () => this.wake(), kill: (id, reason) => this.kill(id, reason) } };
  }

  start(): void {
    if (this.loopDone) return;
    this.deps.templates.warm();
    this.loopDone = recoverOnStart(this.deps)
      .then((interrupted) => {
        for (const id of interrupted) this.launch(id);
      })
      .catch((err: unknown) => console.error("[osprey] recovery after restart failed:", err))
      .then(() => this.loop());
  }

  wake(): void {
    this.wakeUp?.();
  }

  /** Aborts a running execution; its container is killed and removed. Returns false when it is not running here. */
  kill(executionId: string, reason = "killed by request"): boolean {
    const controller = this.running.get(executionId);
    controller?.abort(reason);
    return controller !== undefined;
  }

  /** Stops taking work and waits for the executions under way (used by tests and shutdown). */
  async stop(): Promise<void> {
    this.stopped = true;
    this.wake();
    await this.loopDone;
    await this.idle();
  }

  async idle(): Promise<void> {
    while (this.running.size > 0) await new Promise((r) => setTimeout(r, 20));
  }

  private async loop(): Promise<void> {
    while (!this.stopped) {
      try {
        while (!this.stopped && this.running.size < this.deps.config.OSPREY_CONCURRENCY) {
          const id = await this.claimNext();
          if (!id) break;
          this.launch(id);
        }
      } catch (err) {
        console.error("[osprey] executor loop:", err);
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, this.deps.config.OSPREY_POLL_MS);
        this.wakeUp = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wakeUp = null;
    }
  }

  private launch(id: string): void {
    const controller = new AbortController();
    this.running.set(id, controller);
    runExecution(this.deps, id, controller.signal)
      .catch(async (err: unknown) => {
        console.error(`[osprey] execution ${id} crashed:`, err);
        await this.deps.db.execution
          .update({ where: { id }, data: { state: "FAILED", error: `internal error: ${String(err)}`, endedAt: new Date() } })
          .catch(() => undefined);
        this.deps.bus.publishState({ executionId: id, taskRunId: null, taskId: null, state: "FAILED", at: Date.now() });
      })
      .finally(() => {
        this.running.delete(id);
        this.wake();
      });
  }

  /** Atomically moves the oldest CREATED execution to RUNNING; safe with several workers on one database. */
  private async claimNext(): Promise<string | null> {
    const { db } = this.deps;
    for (;;) {
      const next = await db.execution.findFirst({ where: { state: "CREATED" }, orderBy: { createdAt: "asc" }, select: { id: true } });
      if (!next) return null;
      const claimed = await db.execution.updateMany({
        where: { id: next.id, state: "CREATED" },
        data: { state: "RUNNING", startedAt: new Date() },
      });
      if (claimed.count === 1) return next.id;
    }
  }
}
