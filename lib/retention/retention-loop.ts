import type { TConfig } from "../config";
import type { Db } from "../db/create-client";
import { effectiveConfig } from "../settings/settings";
import type { Storage } from "../storage/storage";
import { purgeOlderThan } from "./purge-executions";

/** How often the retention setting is applied: executions pass the limit by the hour at most. */
const EVERY_MS = 3_600_000;
/** The first purge waits for the server to finish starting. */
const FIRST_AFTER_MS = 60_000;

/**
 * Applies OSPREY_RETENTION_DAYS (the environment's, or an admin's on the settings page) every hour:
 * ended executions older than that are purged with their logs and files. Several servers may run
 * it at once: a purge deletes by id, so two only share the work.
 */
export class RetentionLoop {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(private readonly deps: { db: Db; storage: Pick<Storage, "deletePrefix">; config: TConfig }) {}

  start(): void {
    this.timer = setTimeout(() => this.tick(), FIRST_AFTER_MS);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearTimeout(this.timer);
    await this.running;
  }

  /** One pass: what the setting says now. */
  async runOnce(now = new Date()): Promise<number> {
    const { OSPREY_RETENTION_DAYS: days } = await effectiveConfig(this.deps.db, this.deps.config);
    if (days <= 0) return 0;
    const counts = await purgeOlderThan(this.deps.db, this.deps.storage, days, now);
    if (counts.executionsCount > 0)
      console.error(
        `[osprey] retention (${days} days): purged ${counts.executionsCount} executions, ${counts.logsCount} log lines, ${counts.storagesCount} files`,
      );
    return counts.executionsCount;
  }

  private tick(): void {
    this.running = this.runOnce()
      .then(
        () => undefined,
        (err: unknown) => console.error("[osprey] retention purge failed:", err),
      )
      .finally(() => {
        this.timer = setTimeout(() => this.tick(), EVERY_MS);
        this.timer.unref();
      });
  }
}
