import type { Db } from "../db/create-client";
import type { Storage } from "../storage/storage";
import { ENDED } from "../states/states";
import { executionPrefix } from "../storage/storage-keys";

type ExecutionWhere = NonNullable<NonNullable<Parameters<Db["execution"]["findMany"]>[0]>["where"]>;

/** What a purge removes (Kestra's PurgeExecutions flags) and how many executions it takes at a time. */
export interface PurgeParts {
  execution: boolean;
  log: boolean;
  storage: boolean;
  batchSize: number;
}

/** Kestra's PurgeExecutions outputs. */
export type PurgeCounts = {
  executionsCount: number;
  logsCount: number;
  storagesCount: number;
  metricsCount: number;
};

/** Lines in these executions' log chunks (each chunk holds firstSeq..lastSeq). */
async function logLines(db: Db, executionIds: string[]): Promise<number> {
  const chunks = await db.logChunk.findMany({
    where: { executionId: { in: executionIds } },
    select: { firstSeq: true, lastSeq: true },
  });
  return chunks.reduce((sum, c) => sum + c.lastSeq - c.firstSeq + 1, 0);
}

/**
 * Purges the executions `where` matches, a batch at a time in id order: their log lines, their
 * output files (rows and bytes in the storage), then the executions (task runs go with them). The
 * PurgeExecutions task and the retention schedule both run this.
 */
export async function purgeExecutions(
  db: Db,
  storage: Pick<Storage, "deletePrefix">,
  where: ExecutionWhere,
  parts: PurgeParts,
): Promise<PurgeCounts> {
  const counts = { executionsCount: 0, logsCount: 0, storagesCount: 0, metricsCount: 0 };
  for (let cursor: string | undefined; ; ) {
    const batch = await db.execution.findMany({
      where: { ...where, ...(cursor ? { id: { gt: cursor } } : {}) },
      select: { id: true },
      orderBy: { id: "asc" },
      take: parts.batchSize,
    });
    if (batch.length === 0) break;
    cursor = batch.at(-1)!.id;
    const ids = batch.map((e) => e.id);
    if (parts.log) {
      counts.logsCount += await logLines(db, ids);
      await db.logChunk.deleteMany({ where: { executionId: { in: ids } } });
    }
    if (parts.storage) {
      counts.storagesCount += await db.outputFile.count({ where: { executionId: { in: ids } } });
      for (const id of ids) await storage.deletePrefix(executionPrefix(id));
      await db.outputFile.deleteMany({ where: { executionId: { in: ids } } });
    }
    if (parts.execution)
      counts.executionsCount += (await db.execution.deleteMany({ where: { id: { in: ids } } })).count;
  }
  return counts;
}

const DAY = 86_400_000;

/** The retention setting's purge: every ended execution created more than `days` days before `now`, whole. */
export function purgeOlderThan(
  db: Db,
  storage: Pick<Storage, "deletePrefix">,
  days: number,
  now = new Date(),
): Promise<PurgeCounts> {
  return purgeExecutions(
    db,
    storage,
    { state: { in: ENDED.list() }, createdAt: { lt: new Date(now.getTime() - days * DAY) } },
    { execution: true, log: true, storage: true, batchSize: 500 },
  );
}
