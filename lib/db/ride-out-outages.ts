import { type Db, sameDatabaseAs } from "./create-client";
import { isTransientDbError } from "./transient-error";

/** Backoff between tries while the database is out of reach: from a tenth of a second to five. */
const FIRST_WAIT_MS = 100;
const LONGEST_WAIT_MS = 5_000;

export interface OutageOptions {
  /** How long one query keeps trying before its error is let through (OSPREY_DB_OUTAGE_MS). */
  giveUpAfterMs: number;
  /** Told once per outage, when it starts and when it ends. */
  onOutage?: (down: boolean, err?: unknown) => void;
}

/**
 * The client background work uses (executor, workers, scheduler): a query that meets an outage (the
 * database down or restarting, the network) waits with backoff and tries again, up to
 * `giveUpAfterMs`, instead of failing the task or execution it serves. Requests from people keep
 * the plain client, which answers at once (503). A query inside an interactive transaction is not
 * tried again on its own (its transaction is gone): the caller's pass is.
 */
export function rideOutOutages(db: Db, options: OutageOptions): Db {
  let down = false;
  const tell = (now: boolean, err?: unknown) => {
    if (now === down) return;
    down = now;
    options.onOutage?.(now, err);
  };
  const retrying = db.$extends({
    query: {
      async $allOperations({ args, query, operation }) {
        const started = Date.now();
        for (let wait = FIRST_WAIT_MS; ; wait = Math.min(wait * 2, LONGEST_WAIT_MS)) {
          try {
            const result = await query(args);
            tell(false);
            return result;
          } catch (err) {
            if (!isTransientDbError(err) || Date.now() - started + wait > options.giveUpAfterMs || operation === "$transaction") throw err;
            tell(true, err);
            await new Promise((resolve) => setTimeout(resolve, wait));
          }
        }
      },
    },
  }) as unknown as Db;
  return sameDatabaseAs(retrying, db);
}
