import type { Db } from "../db/create-client";
import { onlyPlayground } from "../execution-kind/execution-kind";
import { purgeExecutions } from "../retention/purge-executions";
import { ENDED } from "../states/states";
import type { Storage } from "../storage/storage";

/** How long a playground run is kept after it was made. */
export const PLAYGROUND_KEPT_MS = 24 * 3600_000;

/** Executions removed per round trip. */
const BATCH = 100;

/**
 * Deletes the playground runs made more than `keptMs` before `now` that have ended, whole (logs,
 * files, task runs), through the same purge as retention and PurgeExecutions. Each playground run
 * owns its files (a reused run's are copied), so nothing another reads goes. One still going is
 * left until it ends. Returns how many were deleted.
 */
export async function sweepPlayground(
  deps: { db: Db; storage: Storage },
  now = new Date(),
  keptMs = PLAYGROUND_KEPT_MS,
): Promise<number> {
  const counts = await purgeExecutions(
    deps.db,
    deps.storage,
    { ...onlyPlayground, state: { in: ENDED.list() }, createdAt: { lt: new Date(now.getTime() - keptMs) } },
    { execution: true, log: true, storage: true, batchSize: BATCH },
  );
  return counts.executionsCount;
}
