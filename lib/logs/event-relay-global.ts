import "server-only";
import { config } from "../config";
import { isPostgresUrl } from "../db/database-kind";
import { getLogBus } from "./log-bus";
import { PgEventRelay } from "./pg-event-relay";

const globalForRelay = globalThis as unknown as { __ospreyRelay?: Promise<PgEventRelay | null> };

/**
 * On PostgreSQL, joins this process's log bus to the other servers' (LISTEN/NOTIFY), once per
 * process. On SQLite there is one process: nothing to join.
 */
export function startEventRelay(): Promise<PgEventRelay | null> {
  globalForRelay.__ospreyRelay ??= isPostgresUrl(config.DATABASE_URL)
    ? (async () => {
        const relay = new PgEventRelay(config.DATABASE_URL, getLogBus());
        await relay.start();
        return relay;
      })()
    : Promise.resolve(null);
  return globalForRelay.__ospreyRelay;
}
