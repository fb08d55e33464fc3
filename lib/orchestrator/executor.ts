import type { ExecutorDeps } from "../deps/executor-deps";
import { recoverOnStart, takeOverStale } from "./recover-on-start";
import { reportWorker } from "./worker-registry";
import { claimNext } from "./claim-next";
import { runExecution } from "./run-execution";
import { LoopPause, SignalledCheck } from "./loop-pacing";
import { FairSlots } from "../deps/fair-slots";
import { LeaseLostError } from "../task-runs/held-leases";
import { OWNED, State } from "../states/states";
import { LeaseCadence, renewLeases } from "../task-runs/renew-leases";
import { moveExecution } from "../executions/move-execution";
import { listenForFlowTriggers } from "../triggers/flow-trigger-listen";

/** Executions kept in memory at once, held ones (paused, waiting on a child) included, per OSPREY_MAX_RUNNING_EXECUTIONS. */
const HELD_FACTOR = 5;

/**
 * The worker loop inside the server process: claims CREATED executions oldest first and runs up to
 * `concurrency` of them at once. `wake()` skips the poll wait when a new execution is created here.
 */
export class Executor {
  private readonly running = new Map<string, AbortController>();
  /** Per running execution: aborted when another server took its lease over (see tendLeases). */
  private readonly detaches = new Map<string, AbortController>();
  /** Running executions that only wait (paused, on a child execution, on a worker): they take no slot. */
  private readonly held = new Set<string>();
  private readonly pause = new LoopPause();
  private stopped = false;
  private loopDone: Promise<void> | null = null;
  /** Stops evaluating Flow triggers on the state changes this server makes. */
  private unlisten: (() => void) | null = null;

  private readonly deps: ExecutorDeps;
  /** This server as the owner of the executions it runs (OSPREY_WORKER_NAME). */
  private readonly owner: string;
  private readonly cadence: LeaseCadence;
  /** When to read `killedBy` again (see applyKills). */
  private readonly kills = new SignalledCheck();
  /** Settled once the start's recovery is done (its sweep of orphaned containers included). */
  recovered: Promise<void> = Promise.resolve();
  private readonly startedAt = new Date();

  constructor(deps: ExecutorDeps) {
    this.deps = {
      ...deps,
      // One process, one set of container slots (OSPREY_CONCURRENCY), shared fairly between namespaces.
      containerSlots: deps.containerSlots ?? new FairSlots(deps.config.OSPREY_CONCURRENCY),
      executions: { wake: () => this.wake(), kill: (id, reason) => this.kill(id, reason) },
    };
    this.owner = deps.config.OSPREY_WORKER_NAME;
    this.cadence = new LeaseCadence(deps.config.OSPREY_LEASE_MS);
  }

  start(): void {
    if (this.loopDone) return;
    this.deps.templates.warm();
    this.unlisten = listenForFlowTriggers(this.deps);
    // A kill asked on another server wakes this one at once (applyKills reads the database).
    this.deps.bus.onWork((signal) => {
      if (signal !== "stop" || this.running.size === 0) return;
      this.kills.signal();
      this.wake();
    });
    this.recovered = recoverOnStart(this.deps, this.owner)
      .then((interrupted) => {
        for (const id of interrupted) this.launch(id);
      })
      .catch((err: unknown) => console.error("[osprey] recovery after restart failed:", err));
    this.loopDone = this.recovered.then(() => this.loop());
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
    this.unlisten?.();
  }

  async idle(): Promise<void> {
    while (this.running.size > 0) await new Promise((r) => setTimeout(r, 20));
  }

  private async loop(): Promise<void> {
    while (!this.stopped) {
      try {
        await this.applyKills();
        await this.tendLeases();
        while (!this.stopped && this.room > 0) {
          const ids = await claimNext(
            this.deps.db,
            this.owner,
            this.room,
            this.deps.config.OSPREY_NAMESPACE_MAX_RUNNING,
          );
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
    if (!this.cadence.due(now)) return;
    const { config, db } = this.deps;
    if (config.OSPREY_ROLE === "all") {
      await reportWorker(
        db,
        {
          name: this.owner,
          engine: config.DOCKER_HOST ?? "local socket",
          workerGroup: config.OSPREY_WORKER_GROUP,
          capacity: config.OSPREY_CONCURRENCY,
          running: this.deps.containerSlots?.inUse ?? 0,
          startedAt: this.startedAt,
        },
        new Date(now),
      );
    }
    for (const { id, holder } of await renewLeases(
      db,
      "execution",
      [...this.running.keys()],
      this.owner,
      new Date(now),
    )) {
      console.warn(`[osprey] execution ${id} was taken over by ${holder ?? "another server"}: letting it go`);
      this.detaches.get(id)?.abort();
    }
    for (const id of await takeOverStale(this.deps, this.owner, this.room > 0)) this.launch(id);
  }

  /**
   * A kill asked on another server reaches this one through the database: `killedBy` is set on an
   * execution running here (the poll interval bounds how long that takes).
   */
  private async applyKills(): Promise<void> {
    if (this.running.size === 0) return;
    if (!this.kills.take(this.deps.config.OSPREY_POLL_MS)) return;
    const killed = await this.deps.db.execution.findMany({
      where: { id: { in: [...this.running.keys()] }, killedBy: { not: null } },
      select: { id: true, killedBy: true },
    });
    for (const { id, killedBy } of killed)
      if (!this.running.get(id)?.signal.aborted) this.kill(id, `killed by ${killedBy}`);
  }

  /**
   * How many more executions this server may take: OSPREY_MAX_RUNNING_EXECUTIONS counts those that
   * do something (containers are bounded apart, by the container slots); one that only waits (a
   * pause, a child execution, a worker) counts only towards a ceiling on what is kept in memory.
   */
  private get room(): number {
    const limit = this.deps.config.OSPREY_MAX_RUNNING_EXECUTIONS;
    const busy = this.running.size - this.held.size;
    return Math.max(0, Math.min(limit - busy, limit * HELD_FACTOR - this.running.size));
  }

  private launch(id: string): void {
    const controller = new AbortController();
    const detach = new AbortController();
    this.running.set(id, controller);
    this.detaches.set(id, detach);
    const held = (isHeld: boolean) => {
      if (isHeld) this.held.add(id);
      else this.held.delete(id);
      // A slot freed: another execution may start.
      if (isHeld) this.wake();
    };
    runExecution(this.deps, id, controller.signal, { held, detach: detach.signal })
      .catch(async (err: unknown) => {
        if (detach.signal.aborted || LeaseLostError.is(err)) return;
        console.error(`[osprey] execution ${id} crashed:`, err);
        await moveExecution(this.deps, id, {
          from: OWNED,
          to: State.FAILED,
          where: { ownerId: this.owner },
          data: { error: `internal error: ${String(err)}` },
        }).catch(() => 0);
      })
      .finally(() => {
        this.running.delete(id);
        this.detaches.delete(id);
        this.held.delete(id);
        this.wake();
      });
  }
}
