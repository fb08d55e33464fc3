import type { ExecutorDeps } from "./executor-deps";
import { recoverOnStart, takeOverStale } from "./recover-on-start";
import { reportWorker } from "./worker-registry";
import { claimNext } from "./claim-next";
import { runExecution } from "./run-execution";
import { LoopPause, SignalledCheck } from "./loop-pacing";

/** Executions a web server (OSPREY_ROLE=web) orchestrates at once. */
const ORCHESTRATED_AT_ONCE = 1_000;

/**
 * The worker loop inside the server process: claims CREATED executions oldest first and runs up to
 * `concurrency` of them at once. `wake()` skips the poll wait when a new execution is created here.
 */
export class Executor {
  private readonly running = new Map<string, AbortController>();
  private readonly pause = new LoopPause();
  private stopped = false;
  private loopDone: Promise<void> | null = null;

  private readonly deps: ExecutorDeps;
  /** This server as the owner of the executions it runs (OSPREY_WORKER_NAME). */
  private readonly owner: string;
  private leasesRenewedAt = 0;
  /** When to read `killedBy` again (see applyKills). */
  private readonly kills = new SignalledCheck();
  private readonly startedAt = new Date();

  constructor(deps: ExecutorDeps) {
    this.deps = { ...deps, executions: { wake: () => this.wake(), kill: (id, reason) => this.kill(id, reason) } };
    this.owner = deps.config.OSPREY_WORKER_NAME;
  }

  start(): void {
    if (this.loopDone) return;
    this.deps.templates.warm();
    // A kill asked on another server wakes this one at once (applyKills reads the database).
    this.deps.bus.onWork((signal) => {
      if (signal !== "stop" || this.running.size === 0) return;
      this.kills.signal();
      this.wake();
    });
    this.loopDone = recoverOnStart(this.deps, this.owner)
      .then((interrupted) => {
        for (const id of interrupted) this.launch(id);
      })
      .catch((err: unknown) => console.error("[osprey] recovery after restart failed:", err))
      .then(() => this.loop());
  }

  wake(): void {
    this.pause.wake();
  }

  /**
   * Aborts a running execution; its container is killed and removed. Returns false when it is not
   * running here: the server running it reads `killedBy` from the database, woken by the bus.
   */
  kill(executionId: string, reason = "killed by request"): boolean {
    const controller = this.running.get(executionId);
    controller?.abort(reason);
    if (!controller) this.deps.bus.signalWork("stop");
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
        await this.applyKills();
        await this.tendLeases();
        while (!this.stopped && this.running.size < this.limit) {
          const ids = await claimNext(this.deps.db, this.owner, this.limit - this.running.size);
          for (const id of ids) this.launch(id);
          if (ids.length === 0) break;
        }
      } catch (err) {
        console.error("[osprey] executor loop:", err);
      }
      await this.pause.for(this.deps.config.OSPREY_POLL_MS);
    }
  }

  /**
   * A few times per lease period (not on every wake): says this server is alive, renews the lease of
   * every execution running here, and takes over those whose owner stopped renewing theirs.
   */
  private async tendLeases(): Promise<void> {
    const now = Date.now();
    if (now - this.leasesRenewedAt < this.deps.config.OSPREY_LEASE_MS / 3) return;
    this.leasesRenewedAt = now;
    const { config, db } = this.deps;
    if (config.OSPREY_ROLE === "all") {
      await reportWorker(db, { name: this.owner, engine: config.DOCKER_HOST ?? "local socket", workerGroup: config.OSPREY_WORKER_GROUP, capacity: config.OSPREY_CONCURRENCY, running: this.running.size, startedAt: this.startedAt }, new Date(now));
    }
    if (this.running.size > 0) {
      await db.execution.updateMany({ where: { id: { in: [...this.running.keys()] }, ownerId: this.owner }, data: { heartbeatAt: new Date(now) } });
    }
    for (const id of await takeOverStale(this.deps, this.owner, this.running.size < this.limit)) this.launch(id);
  }

  /**
   * A kill asked on another server reaches this one through the database: `killedBy` is set on an
   * execution running here (the poll interval bounds how long that takes).
   */
  private async applyKills(): Promise<void> {
    if (this.running.size === 0) return;
    if (!this.kills.take(this.deps.config.OSPREY_POLL_MS)) return;
    const killed = await this.deps.db.execution.findMany({ where: { id: { in: [...this.running.keys()] }, killedBy: { not: null } }, select: { id: true, killedBy: true } });
    for (const { id, killedBy } of killed) if (!this.running.get(id)?.signal.aborted) this.kill(id, `killed by ${killedBy}`);
  }

  /**
   * Executions run here at once: OSPREY_CONCURRENCY when this process runs their containers too; a
   * web server only orchestrates (its executions mostly wait on workers, whose capacity bounds the
   * containers), so it takes many more.
   */
  private get limit(): number {
    return this.deps.config.OSPREY_ROLE === "web" ? ORCHESTRATED_AT_ONCE : this.deps.config.OSPREY_CONCURRENCY;
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
}
