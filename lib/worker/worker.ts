import type { ExecutorDeps } from "../deps/executor-deps";
import type { HeldLeaf } from "../orchestrator/run-leaf";
import { reportWorker } from "../orchestrator/worker-registry";
import { LoopPause, SignalledCheck } from "../orchestrator/loop-pacing";
import { engineIdOf } from "../runner/docker/engine-id";
import { claimTaskRuns } from "./claim-task-runs";
import { recoverOwn, takeOverStale } from "./held-task-runs";
import { runHeldTaskRun } from "./run-held-task-run";
import { type HandedBack, handBack } from "./drain";
import { removeEndedWorkingVolumes } from "./working-directory-on-worker";
import { pinnedQueue } from "../orchestrator/working-directory-host";
import { LeaseLostError } from "../task-runs/held-leases";
import { State } from "../states/states";
import { type MoveParts, moveTaskRun } from "../task-runs/move-task-run";
import { LeaseCadence, renewLeases } from "../task-runs/renew-leases";

/**
 * A worker: claims task runs handed to its queue (its OSPREY_WORKER_GROUP, or "" for tasks without
 * a group) and runs up to OSPREY_CONCURRENCY of them at once on its Docker engine. It renews its
 * leases by heartbeat, takes over the task runs of workers that stopped renewing theirs, and stops
 * a task run when its orchestrator or a kill asks (through the database; the bus only wakes it).
 */
export class Worker {
  private readonly running = new Map<string, AbortController>();
  /** Per task run held here: aborted when another worker took it over (see tend). */
  private readonly detaches = new Map<string, AbortController>();
  private readonly pause = new LoopPause();
  private stopped = false;
  /** False once draining: it claims nothing more and takes nothing over. */
  private claiming = true;
  /** Set by a notification: look for task runs handed back (see drain) before the next lease chores. */
  private lookForStale = false;
  /** When the claim loop last went round (its health). */
  private loopAt = Date.now();
  private loopDone: Promise<void> | null = null;
  private readonly cadence: LeaseCadence;
  private readonly startedAt = new Date();
  private unsubscribe: () => void = () => undefined;
  /** When to read stops again (see applyStops). */
  private readonly stops = new SignalledCheck();
  readonly name: string;
  readonly queue: string;
  /** What it claims from: its group's queue, and its own (a WorkingDirectory's tasks, pinned here). */
  private readonly queues: string[];

  constructor(readonly deps: ExecutorDeps) {
    this.name = deps.config.OSPREY_WORKER_NAME;
    this.queue = deps.config.OSPREY_WORKER_GROUP ?? "";
    this.queues = [this.queue, pinnedQueue(this.name)];
    this.cadence = new LeaseCadence(deps.config.OSPREY_LEASE_MS);
  }

  start(): void {
    if (this.loopDone) return;
    this.deps.templates.warm();
    this.unsubscribe = this.deps.bus.onWork((signal) => {
      if (signal === "stop") this.stops.signal();
      this.lookForStale = true;
      this.wake();
    });
    this.loopDone = recoverOwn(this.deps, this.name)
      .then((held) => {
        for (const { id, how } of held) this.launch(id, how);
      })
      .catch((err: unknown) => console.error("[osprey] worker recovery after restart failed:", err))
      .then(() => this.loop());
  }

  wake(): void {
    this.pause.wake();
  }

  /** Stops claiming and waits for the task runs under way (tests; a worker process just exits). */
  async stop(): Promise<void> {
    this.stopped = true;
    this.unsubscribe();
    this.wake();
    await this.loopDone;
    while (this.running.size > 0) await new Promise((r) => setTimeout(r, 20));
  }

  /**
   * SIGTERM's path: stops claiming, lets the task runs under way end for up to `drainMs`, then lets
   * go of the rest and hands them back so other workers take them over at once (drain.ts). The
   * loop is stopped before the hand-back, so no heartbeat of this worker renews them afterwards.
   */
  async drain(drainMs: number): Promise<{ finished: number; handedBack: HandedBack[] }> {
    this.claiming = false;
    const before = this.running.size;
    const until = Date.now() + drainMs;
    while (this.running.size > 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
    const left = [...this.running.keys()];
    for (const id of left) this.detaches.get(id)?.abort();
    // Let go: each run stops reading its container and returns without a write.
    for (let i = 0; i < 200 && this.running.size > 0; i++) await new Promise((r) => setTimeout(r, 25));
    this.stopped = true;
    this.unsubscribe();
    this.wake();
    await this.loopDone;
    const handedBack = await handBack(this.deps, this.name, left);
    // No longer alive: dispatchers stop counting on it at once.
    await this.deps.db.worker
      .updateMany({
        where: { name: this.name },
        data: { heartbeatAt: new Date(Date.now() - this.deps.config.OSPREY_LEASE_MS - 1), running: 0 },
      })
      .catch(() => undefined);
    return { finished: before - left.length, handedBack };
  }

  get runningCount(): number {
    return this.running.size;
  }

  /** For its health: whether it still claims, and when its loop last went round. */
  get status(): { draining: boolean; loopAt: number } {
    return { draining: !this.claiming, loopAt: this.loopAt };
  }

  private async loop(): Promise<void> {
    const capacity = this.deps.config.OSPREY_CONCURRENCY;
    while (!this.stopped) {
      try {
        await this.applyStops();
        await this.tend();
        if (this.claiming)
          for (const id of await claimTaskRuns(this.deps.db, this.queues, this.name, capacity - this.running.size))
            this.launch(id, "start");
        this.loopAt = Date.now();
      } catch (err) {
        console.error("[osprey] worker loop:", err);
      }
      await this.pause.for(this.deps.config.OSPREY_POLL_MS);
    }
  }

  /** A few times per lease: says it is alive, renews its task runs' leases, takes stale ones over. */
  private async tend(): Promise<void> {
    const now = Date.now();
    const { config, db } = this.deps;
    if (!this.cadence.due(now)) {
      if (this.lookForStale) await this.takeOver();
      return;
    }
    if (config.OSPREY_ROLE === "worker") {
      const engine = `${config.DOCKER_HOST ?? "local socket"} (${await engineIdOf(this.deps.docker).catch(() => "unreachable")})`;
      await reportWorker(
        db,
        {
          name: this.name,
          engine,
          workerGroup: config.OSPREY_WORKER_GROUP,
          capacity: config.OSPREY_CONCURRENCY,
          running: this.running.size,
          startedAt: this.startedAt,
        },
        new Date(now),
      );
    }
    for (const { id, holder } of await renewLeases(
      db,
      "task run",
      [...this.running.keys()],
      this.name,
      new Date(now),
    )) {
      console.warn(`[osprey] task run ${id} was taken over by ${holder ?? "another worker"}: letting it go`);
      this.detaches.get(id)?.abort();
    }
    await this.takeOver();
    if (config.OSPREY_ROLE === "worker")
      await removeEndedWorkingVolumes(this.deps, this.name).catch((err: unknown) =>
        console.warn(`[osprey] worker ${this.name}: ended WorkingDirectory volumes not removed yet:`, err),
      );
  }

  /** Takes over task runs whose holder stopped renewing them, or handed them back draining. */
  private async takeOver(): Promise<void> {
    this.lookForStale = false;
    if (!this.claiming) return;
    const room = this.deps.config.OSPREY_CONCURRENCY - this.running.size;
    for (const { id, how } of await takeOverStale(this.deps, this.name, this.queue, room)) this.launch(id, how);
  }

  /** A kill (the execution's `killedBy`) or the orchestrator's `stopReason` stops a task run here. */
  private async applyStops(): Promise<void> {
    if (this.running.size === 0) return;
    if (!this.stops.take(this.deps.config.OSPREY_POLL_MS)) return;
    const stopped = await this.deps.db.taskRun.findMany({
      where: {
        id: { in: [...this.running.keys()] },
        OR: [{ stopReason: { not: null } }, { execution: { killedBy: { not: null } } }],
      },
      select: { id: true, stopReason: true, execution: { select: { killedBy: true } } },
    });
    for (const { id, stopReason, execution } of stopped) {
      const controller = this.running.get(id);
      if (controller && !controller.signal.aborted)
        controller.abort(execution.killedBy ? `killed by ${execution.killedBy}` : stopReason);
    }
  }

  private launch(id: string, how: HeldLeaf): void {
    if (this.running.has(id)) return;
    const controller = new AbortController();
    const detach = new AbortController();
    this.running.set(id, controller);
    this.detaches.set(id, detach);
    runHeldTaskRun(this.deps, id, how, controller.signal, detach.signal)
      .catch(async (err: unknown) => {
        if (detach.signal.aborted || LeaseLostError.is(err)) return;
        console.error(`[osprey] task run ${id} crashed on worker ${this.name}:`, err);
        const { db, bus } = this.deps;
        const run = await db.taskRun
          .findUnique({ where: { id }, select: { executionId: true, taskId: true } })
          .catch(() => null);
        if (!run) return;
        const publish: MoveParts["publish"] = (state, taskRunId, taskId, message) =>
          bus.publishState({ executionId: run.executionId, taskRunId, taskId, state, at: Date.now(), message });
        const error = `internal error: ${String(err)}`;
        await moveTaskRun(
          { db, publish },
          { id, taskId: run.taskId },
          State.FAILED,
          { error },
          { holder: this.name },
        ).catch(() => false);
      })
      .finally(() => {
        this.running.delete(id);
        this.detaches.delete(id);
        this.wake();
      });
  }
}
