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
// The policy of each client made here, for writes that go straight through the driver.
const policies = new WeakMap<object, (work: () => Promise<unknown>) => Promise<unknown>>();

/**
 * Runs `work` (a write straight through the driver, which Prisma's extension does not see) under
 * the outage policy of `db`: tried again with backoff while the database is out of reach, when
 * `db` is a client made by rideOutOutages; once otherwise.
 */
export function withOutagePolicy<T>(db: Db, work: () => Promise<T>): Promise<T> {
  const policy = policies.get(db);
  return policy ? (policy(work) as Promise<T>) : work();
}

export function rideOutOutages(db: Db, options: OutageOptions): Db {
  let down = false;
  const tell = (now: boolean, err?: unknown) => {
    if (now === down) return;
    down = now;
    options.onOutage?.(now, err);
  };
  const retry = async <T>(work: () => Promise<T>, once = false): Promise<T> => {
    const started = Date.now();
    for (let wait = FIRST_WAIT_MS; ; wait = Math.min(wait * 2, LONGEST_WAIT_MS)) {
      try {
        const result = await work();
        tell(false);
        return result;
      } catch (err) {
        if (once || !isTransientDbError(err) || Date.now() - started + wait > options.giveUpAfterMs) throw err;
        tell(true, err);
        await new Promise((resolve) => setTimeout(resolve, wait));
      }
    }
  };
  const retrying = db.$extends({
    query: {
      $allOperations: ({ args, query, operation }) => retry(() => query(args), operation === "$transaction"),
    },
  }) as unknown as Db;
  policies.set(retrying, retry);
  return sameDatabaseAs(retrying, db);
}
