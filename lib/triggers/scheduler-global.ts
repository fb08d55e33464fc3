import "server-only";
import { config, envSecrets } from "../config";
import { getBackgroundDb } from "../db/background-db";
import { loadSecretKey } from "../secrets/secret-key";
import { SecretStore } from "../secrets/secret-store";
import { getStorage } from "../storage/storage-global";
import { getTemplateRenderer } from "../template/template-global";
import { scheduleConditions } from "./schedule-conditions";
import { Scheduler } from "./scheduler";

// One scheduler per server process, kept across hot reloads (STYLE habit 3).
const globalForScheduler = globalThis as unknown as { __ospreyScheduler?: Promise<Scheduler> };

/** The process's scheduler, started on first use (instrumentation starts it with the executor). */
export function getScheduler(): Promise<Scheduler> {
  globalForScheduler.__ospreyScheduler ??= (async () => {
    const templates = getTemplateRenderer();
    const db = await getBackgroundDb();
    const scheduler = new Scheduler({
      db,
      conditions: scheduleConditions({ templates, config }),
      // Polling triggers render `secret()` and keep files (a JDBC trigger's STORE) as tasks do.
      polls: {
        templates,
        config,
        secrets: new SecretStore(db, loadSecretKey(config), envSecrets()),
        storage: getStorage(),
      },
      limits: config,
    });
    scheduler.start();
    return scheduler;
  })();
  return globalForScheduler.__ospreyScheduler;
}
