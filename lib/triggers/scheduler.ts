import { setImmediate as nextTurn } from "node:timers/promises";
import type { Db } from "../db/create-client";
import { HTTP_TRIGGER_TYPE, POLLING_TRIGGER_TYPES } from "../flow/trigger-schemas";
import { SCHEDULE_TYPE } from "../flow/trigger-types";
import { stepBackfill } from "./backfill-step";
import { conditionsNotChecked, liveSchedule, type ScheduleConditions } from "./schedule-context";
import { type PollDeps, pollTrigger } from "./trigger-poll";
import { capBacklog } from "./schedule-backlog";
import { type FireOutcome, fireScheduleTick, type TriggerRow } from "./schedule-fire";
import type { ScheduleLimits } from "../flows/schedule-limits";
import { isMissed, recoveredNextDate } from "./schedule-plan";
import { TickAttempts } from "./tick-attempts";
import { mayHoldMoreThan } from "./tick-count";
import { syncManifestTypes } from "../manifests/manifest-sync";
import { syncAllTriggerStates, ticksOf } from "../flows/trigger-state-sync";

export interface SchedulerOptions {
  db: Db;
  /** The clock; tests move it instead of waiting. */
  now?: () => Date;
  /** Longest sleep between passes, so flows saved by another server and backfills are seen soon. */
  maxSleepMs?: number;
  /** A tick overdue by more than this when the scheduler starts was missed (recoverMissedSchedules applies). */
  graceMs?: number;
  /** The seam where the conditions module checks `conditions` (not checked until it is given). */
  conditions?: ScheduleConditions;
  /** Template workers, settings, secrets and storage for polling triggers (http.Trigger, the plugins');
   *  without them none is polled. */
  polls?: Omit<PollDeps, "db">;
  /** Most ticks one schedule catches up on, and the shortest interval a Schedule may have (defaults: 10,000 and 1 s). */
  limits?: ScheduleLimits;
  log?: (message: string) => void;
}

/** Most ticks one pass fires, so one schedule far behind (ALL) cannot hold the loop. */
const MAX_TICKS_PER_PASS = 200;
const MIN_SLEEP_MS = 20;
/** A schedule found within the catch-up cap is not counted again for this long (unless its next tick went back). */
const BACKLOG_RECHECK_MS = 60_000;

/**
 * Fires Schedule triggers and backfills. Each pass reads the due Trigger rows and fires each tick
 * through the database (its execution created under the tick's own id, then the tick moved on by
 * compare-and-set: schedule-fire.ts), so any number of schedulers on one database, however starved,
 * frozen or killed, fire each tick once; then it sleeps until the earliest next tick (at most
 * `maxSleepMs`). Ticks are computed from the cron, never by adding the sleep, so the schedule does not drift.
 */
export class Scheduler {
  private readonly db: Db;
  private readonly now: () => Date;
  private readonly maxSleepMs: number;
  private readonly graceMs: number;
  private readonly conditions: ScheduleConditions;
  private readonly log: (message: string) => void;
  private readonly polls: PollDeps | null;
  private readonly limits: ScheduleLimits;
  /** Ticks whose execution the database did not take yet, tried again at the next passes. */
  private readonly attempts = new TickAttempts();
  /** By Trigger row: the next tick from which its backlog was last found within the cap, and when. */
  private readonly backlogChecked = new Map<string, { from: number; at: number }>();
  /** Polls under way here, by Trigger row: a slow endpoint or database holds neither the loop nor a second poll of itself. */
  private readonly inFlight = new Map<string, Promise<FireOutcome>>();
  private abort = new AbortController();
  private running: Promise<void> | null = null;
  private stopping = false;
  private wake: (() => void) | null = null;

  constructor(options: SchedulerOptions) {
    this.db = options.db;
    this.now = options.now ?? (() => new Date());
    this.maxSleepMs = options.maxSleepMs ?? 1000;
    this.graceMs = options.graceMs ?? 60_000;
    this.conditions = options.conditions ?? conditionsNotChecked;
    this.log = options.log ?? ((m) => console.error(`[osprey] ${m}`));
    this.polls = options.polls ? { db: options.db, ...options.polls } : null;
    this.limits = options.limits ?? { OSPREY_MAX_BACKFILL_TICKS: 10_000, OSPREY_MIN_SCHEDULE_INTERVAL_SECONDS: 1 };
  }

  start(): void {
    if (this.running) return;
    this.stopping = false;
    this.abort = new AbortController();
    this.running = this.loop();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.wake?.();
    this.abort.abort();
    await this.running;
    await Promise.allSettled([...this.inFlight.values()]);
    this.running = null;
  }

  private async loop(): Promise<void> {
    try {
      // Flows that use a task type registered from a manifest parse only once the types are known.
      await syncManifestTypes(this.db);
      await syncAllTriggerStates(this.db, this.now(), {
        minIntervalSeconds: this.limits.OSPREY_MIN_SCHEDULE_INTERVAL_SECONDS,
        log: this.log,
      });
      await this.recoverMissed();
    } catch (err) {
      this.log(`scheduler start: ${err instanceof Error ? err.message : String(err)}`);
    }
    while (!this.stopping) {
      let sleep = this.maxSleepMs;
      try {
        await syncManifestTypes(this.db);
        sleep = await this.pass();
      } catch (err) {
        this.log(`scheduler pass: ${err instanceof Error ? err.message : String(err)}`);
      }
      await this.sleep(Math.min(Math.max(sleep, MIN_SLEEP_MS), this.maxSleepMs));
    }
  }

  /**
   * After downtime: each enabled schedule whose next tick was missed resumes as its
   * recoverMissedSchedules says (compare-and-set, so two servers starting together agree).
   */
  async recoverMissed(): Promise<void> {
    const now = this.now();
    const overdue = await this.db.trigger.findMany({
      where: { type: SCHEDULE_TYPE, disabled: false, nextDate: { lte: now } },
    });
    for (const row of overdue) {
      if (!row.nextDate || !isMissed(row.nextDate, now, this.graceMs)) continue;
      const live = await liveSchedule(this.db, row.namespace, row.flowId, row.triggerId);
      if (!live) continue;
      const resumed = recoveredNextDate(
        ticksOf(live.schedule),
        row.nextDate,
        now,
        live.schedule.recoverMissedSchedules,
      );
      if (resumed?.getTime() !== row.nextDate.getTime())
        await this.db.trigger.updateMany({
          where: { id: row.id, nextDate: row.nextDate },
          data: { nextDate: resumed },
        });
      await nextTurn();
    }
  }

  /**
   * One pass: fires every due tick and backfill tick, at most MAX_TICKS_PER_PASS, letting the event
   * loop turn after each; returns milliseconds until the next one is due. A scheduler that was late
   * (starved, frozen, its database slow) fires here every tick it owes, up to the catch-up cap.
   */
  async pass(): Promise<number> {
    let fired = 0;
    // Rows whose tick the database did not take: tried again at the next pass, not in a loop now.
    const heldBack: string[] = [];
    for (;;) {
      const due = await this.db.trigger.findMany({
        where: { type: SCHEDULE_TYPE, disabled: false, nextDate: { lte: this.now() }, id: { notIn: heldBack } },
        orderBy: { nextDate: "asc" },
        take: 50,
      });
      if (due.length === 0) break;
      for (const row of due) {
        if (await this.capBacklog(row)) continue;
        if ((await fireScheduleTick(this.db, row, this.conditions, this.log, this.attempts)) === "retry")
          heldBack.push(row.id);
        fired++;
        // A tick's database calls may all complete without the event loop turning: let requests in.
        await nextTurn();
      }
      if (fired >= MAX_TICKS_PER_PASS) return 0;
    }
    // Polls run beside the loop: an endpoint or a database slow to answer must not delay the schedules.
    this.pollTriggers().catch((err: unknown) =>
      this.log(`trigger polls: ${err instanceof Error ? err.message : String(err)}`),
    );
    const backfilling = await this.db.trigger.findMany({ where: { disabled: false, backfill: { not: null } } });
    let stepped = false;
    for (const row of backfilling) {
      if (await stepBackfill(this.db, row, this.now(), this.log, this.attempts)) stepped = true;
      await nextTurn();
    }
    if (stepped) return 0;
    const planned = this.polls ? [SCHEDULE_TYPE, ...POLLING_TRIGGER_TYPES] : [SCHEDULE_TYPE];
    const next = await this.db.trigger.findFirst({
      where: { type: { in: planned }, disabled: false, nextDate: { not: null } },
      orderBy: { nextDate: "asc" },
      select: { nextDate: true },
    });
    return next?.nextDate ? next.nextDate.getTime() - this.now().getTime() : this.maxSleepMs;
  }

  /**
   * A schedule owing more ticks than OSPREY_MAX_BACKFILL_TICKS resumes at the latest of them (see
   * capBacklog); true when its next tick moved. Only a row overdue by more seconds than the cap is
   * counted at all, and then at most once a minute while it stays within the cap.
   */
  private async capBacklog(row: TriggerRow): Promise<boolean> {
    const now = this.now();
    const max = this.limits.OSPREY_MAX_BACKFILL_TICKS;
    if (!row.nextDate || !mayHoldMoreThan(row.nextDate, now, max, true)) return false;
    const checked = this.backlogChecked.get(row.id);
    if (checked && checked.from <= row.nextDate.getTime() && now.getTime() - checked.at < BACKLOG_RECHECK_MS)
      return false;
    const live = await liveSchedule(this.db, row.namespace, row.flowId, row.triggerId);
    if (!live) return false;
    const resume = await capBacklog(this.db, { id: row.id, nextDate: row.nextDate }, ticksOf(live.schedule), now, max);
    if (this.backlogChecked.size > 10_000) this.backlogChecked.clear();
    this.backlogChecked.set(row.id, { from: (resume ?? row.nextDate).getTime(), at: now.getTime() });
    if (!resume) return false;
    this.log(
      `schedule ${row.namespace}.${row.flowId}.${row.triggerId} owed more than ${max} ticks since ${row.nextDate.toISOString()}: it fires the latest ${max}, from ${resume.toISOString()} (OSPREY_MAX_BACKFILL_TICKS)`,
    );
    return true;
  }

  /**
   * Starts a poll of every due polling trigger (of `types`; default all) not already being polled
   * here; resolves with their outcomes once they are done.
   */
  async pollTriggers(types: readonly string[] = POLLING_TRIGGER_TYPES): Promise<FireOutcome[]> {
    const deps = this.polls;
    if (!deps) return [];
    const due = await this.db.trigger.findMany({
      where: { type: { in: [...types] }, disabled: false, nextDate: { lte: this.now() } },
      orderBy: { nextDate: "asc" },
      take: 50,
    });
    const started = due
      .filter((row) => !this.inFlight.has(row.id))
      .map((row) => {
        const poll = pollTrigger(deps, row, this.now(), this.log, this.abort.signal).finally(() =>
          this.inFlight.delete(row.id),
        );
        this.inFlight.set(row.id, poll);
        return poll;
      });
    return Promise.all(started);
  }

  /** The due http.Trigger polls only. */
  pollHttpTriggers(): Promise<FireOutcome[]> {
    return this.pollTriggers([HTTP_TRIGGER_TYPE]);
  }

  private sleep(ms: number): Promise<void> {
    if (this.stopping) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
  }
}
