import type { Db } from "../db/create-client";
import { HTTP_TRIGGER_TYPE } from "../flow/trigger-schemas";
import { SCHEDULE_TYPE } from "../flow/trigger-types";
import { stepBackfill } from "./backfill-step";
import { conditionsNotChecked, liveSchedule, type ScheduleConditions } from "./schedule-context";
import { pollHttpTrigger, type PollDeps } from "./http-trigger-poll";
import { type FireOutcome, fireScheduleTick } from "./schedule-fire";
import { isMissed, recoveredNextDate } from "./schedule-plan";
import { syncAllTriggerStates, ticksOf } from "./trigger-state-sync";

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
  /** Template workers and settings for http.Trigger polls; without them http triggers are not polled. */
  polls?: Omit<PollDeps, "db">;
  log?: (message: string) => void;
}

/** Most ticks one pass fires, so one schedule far behind (ALL) cannot hold the loop. */
const MAX_TICKS_PER_PASS = 200;
const MIN_SLEEP_MS = 20;

/**
 * Fires Schedule triggers and backfills. Each pass reads the due Trigger rows and claims each tick
 * in the database, so any number of schedulers on one database fire each tick once; then it sleeps
 * until the earliest next tick (at most `maxSleepMs`). Ticks are computed from the cron, never by
 * adding the sleep, so the schedule does not drift.
 */
export class Scheduler {
  private readonly db: Db;
  private readonly now: () => Date;
  private readonly maxSleepMs: number;
  private readonly graceMs: number;
  private readonly conditions: ScheduleConditions;
  private readonly log: (message: string) => void;
  private readonly polls: PollDeps | null;
  /** http.Trigger polls under way here, by Trigger row: a slow endpoint holds neither the loop nor a second poll of itself. */
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
      await syncAllTriggerStates(this.db, this.now());
      await this.recoverMissed();
    } catch (err) {
      this.log(`scheduler start: ${err instanceof Error ? err.message : String(err)}`);
    }
    while (!this.stopping) {
      let sleep = this.maxSleepMs;
      try {
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
    const overdue = await this.db.trigger.findMany({ where: { type: SCHEDULE_TYPE, disabled: false, nextDate: { lte: now } } });
    for (const row of overdue) {
      if (!row.nextDate || !isMissed(row.nextDate, now, this.graceMs)) continue;
      const live = await liveSchedule(this.db, row.namespace, row.flowId, row.triggerId);
      if (!live) continue;
      const resumed = recoveredNextDate(ticksOf(live.schedule), row.nextDate, now, live.schedule.recoverMissedSchedules);
      if (resumed?.getTime() !== row.nextDate.getTime()) await this.db.trigger.updateMany({ where: { id: row.id, nextDate: row.nextDate }, data: { nextDate: resumed } });
    }
  }

  /** One pass: fires every due tick and backfill tick (bounded); returns milliseconds until the next one is due. */
  async pass(): Promise<number> {
    let fired = 0;
    for (;;) {
      const due = await this.db.trigger.findMany({ where: { type: SCHEDULE_TYPE, disabled: false, nextDate: { lte: this.now() } }, orderBy: { nextDate: "asc" }, take: 50 });
      if (due.length === 0) break;
      for (const row of due) {
        await fireScheduleTick(this.db, row, this.conditions, this.log);
        fired++;
      }
      if (fired >= MAX_TICKS_PER_PASS) return 0;
    }
    // Polls run beside the loop: an endpoint slow to answer must not delay the schedules.
    this.pollHttpTriggers().catch((err: unknown) => this.log(`http trigger polls: ${err instanceof Error ? err.message : String(err)}`));
    const backfilling = await this.db.trigger.findMany({ where: { disabled: false, backfill: { not: null } } });
    let stepped = false;
    for (const row of backfilling) if (await stepBackfill(this.db, row, this.now(), this.log)) stepped = true;
    if (stepped) return 0;
    const planned = this.polls ? [SCHEDULE_TYPE, HTTP_TRIGGER_TYPE] : [SCHEDULE_TYPE];
    const next = await this.db.trigger.findFirst({ where: { type: { in: planned }, disabled: false, nextDate: { not: null } }, orderBy: { nextDate: "asc" }, select: { nextDate: true } });
    return next?.nextDate ? next.nextDate.getTime() - this.now().getTime() : this.maxSleepMs;
  }

  /** Starts a poll of every due http.Trigger not already being polled here; resolves with their outcomes once they are done. */
  async pollHttpTriggers(): Promise<FireOutcome[]> {
    const deps = this.polls;
    if (!deps) return [];
    const due = await this.db.trigger.findMany({ where: { type: HTTP_TRIGGER_TYPE, disabled: false, nextDate: { lte: this.now() } }, orderBy: { nextDate: "asc" }, take: 50 });
    const started = due
      .filter((row) => !this.inFlight.has(row.id))
      .map((row) => {
        const poll = pollHttpTrigger(deps, row, this.now(), this.log, this.abort.signal).finally(() => this.inFlight.delete(row.id));
        this.inFlight.set(row.id, poll);
        return poll;
      });
    return Promise.all(started);
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
