import "server-only";
import { config } from "../config";
import { getBackgroundDb } from "../db/background-db";
import { getTemplateRenderer } from "../template/template-global";
import { scheduleConditions } from "./schedule-conditions";
import { Scheduler } from "./scheduler";

// One scheduler per server process, kept across hot reloads (STYLE habit 3).
const globalForScheduler = globalThis as unknown as { __ospreyScheduler?: Promise<Scheduler> };

/** The process's scheduler, started on first use (instrumentation starts it with the executor). */
export function getScheduler(): Promise<Scheduler> {
  globalForScheduler.__ospreyScheduler ??= (async () => {
    const templates = getTemplateRenderer();
    const scheduler = new Scheduler({
      db: await getBackgroundDb(),
      conditions: scheduleConditions({ templates, config }),
      polls: { templates, config },
      limits: config,
    });
    scheduler.start();
    return scheduler;
  })();
  return globalForScheduler.__ospreyScheduler;
}
