import "server-only";
import { config } from "../config";
import type { Db } from "./create-client";
import { getDb } from "./db";
import { rideOutOutages } from "./ride-out-outages";

const globalForBackgroundDb = globalThis as unknown as { __ospreyBackgroundDb?: Promise<Db> };

/**
 * The database client of the process's background work (executor, worker, scheduler): the same
 * connection pool as getDb(), but a query that meets an outage waits it out (OSPREY_DB_OUTAGE_MS).
 */
export function getBackgroundDb(): Promise<Db> {
  globalForBackgroundDb.__ospreyBackgroundDb ??= getDb().then((db) =>
    rideOutOutages(db, {
      giveUpAfterMs: config.OSPREY_DB_OUTAGE_MS,
      onOutage: (down, err) =>
        down
          ? console.error(
              `[osprey] the database is out of reach (${(err as Error | undefined)?.message?.split("\n").pop()?.trim() ?? "no answer"}): background work waits for it`,
            )
          : console.error("[osprey] the database answers again: background work goes on"),
    }),
  );
  return globalForBackgroundDb.__ospreyBackgroundDb;
}
