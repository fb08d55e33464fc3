import type { Db } from "../db/create-client";
import { onlyPlayground } from "../execution-kind/execution-kind";
import { ENDED } from "../states/states";
import type { Storage } from "../storage/storage";
import { executionPrefix } from "../storage/storage-keys";

/** How long a playground run is kept after it was made. */
export const PLAYGROUND_KEPT_MS = 24 * 3600_000;

/** Executions removed per round trip. */
const BATCH = 100;

/**
 * Deletes the playground runs made more than `keptMs` before `now` that have ended: their files
 * first, then the rows (task runs, log chunks and output file rows go with the execution, by
 * cascade). One still going is left until it ends. Returns how many were deleted.
 */
export async function sweepPlayground(
  deps: { db: Db; storage: Storage },
  now = new Date(),
  keptMs = PLAYGROUND_KEPT_MS,
): Promise<number> {
  const { db, storage } = deps;
  let deleted = 0;
  for (;;) {
    const batch = await db.execution.findMany({
      where: { ...onlyPlayground, state: { in: ENDED.list() }, createdAt: { lt: new Date(now.getTime() - keptMs) } },
      select: { id: true },
      take: BATCH,
    });
    if (batch.length === 0) return deleted;
    const ids = batch.map((e) => e.id);
    // Each playground run owns its files (a reused run's are copied): nothing another reads goes.
    for (const id of ids) await storage.deletePrefix(executionPrefix(id));
    deleted += (await db.execution.deleteMany({ where: { id: { in: ids } } })).count;
  }
}
