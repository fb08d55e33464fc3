import { randomUUID } from "node:crypto";
import type { Db } from "../db/create-client";
import { descendantsOf } from "../engine/restart-plan";
import type { Storage } from "../storage/storage";
import { executionPrefix, fileUriMover, outputFileKey } from "../storage/storage-keys";
import type { TReusableRun } from "./reusable-run";

type ExecutionData = Parameters<Db["execution"]["create"]>[0]["data"] & { id: string };

/**
 * Creates the playground execution `data` with the task runs of `earlier` (top-level task ids, with
 * everything under them) copied from `from`, as they ended, outputs included: the engine then finds
 * those tasks done and runs only what follows. Output files are copied too, under the new
 * execution, so each playground run owns its files and the sweep of an older one takes nothing a
 * newer one reads. URIs in outputs and properties name the new execution and task runs.
 */
export async function createWithEarlierRuns(
  deps: { db: Db; storage: Storage },
  data: ExecutionData,
  from: TReusableRun,
  earlier: string[],
): Promise<void> {
  const { db, storage } = deps;
  const tops = from.taskRuns.filter((r) => r.parentTaskRunId === null && earlier.includes(r.taskId));
  const keptIds = descendantsOf(new Set(tops.map((r) => r.id)), from.taskRuns);
  const kept = from.taskRuns.filter((r) => keptIds.has(r.id)).sort((a, b) => a.position - b.position);
  const newIds = new Map(kept.map((r) => [r.id, randomUUID()]));
  const moveUris = fileUriMover(from.id, data.id, kept, newIds);
  const files = from.files.filter((f) => newIds.has(f.taskRunId));
  const copies = [];
  try {
    for (const f of files) {
      const owner = { executionId: data.id, taskId: f.taskId, taskRunId: newIds.get(f.taskRunId)! };
      const storageKey = f.storageKey ? outputFileKey(owner, f.name) : null;
      if (f.storageKey && storageKey) await storage.put(storageKey, (await storage.get(f.storageKey)).stream);
      copies.push({ ...f, id: randomUUID(), executionId: data.id, taskRunId: owner.taskRunId, storageKey });
    }
    await db.$transaction([
      db.execution.create({ data }),
      ...kept.map((r, position) =>
        db.taskRun.create({
          data: {
            ...r,
            id: newIds.get(r.id)!,
            executionId: data.id,
            parentTaskRunId: r.parentTaskRunId ? (newIds.get(r.parentTaskRunId) ?? null) : null,
            position,
            outputs: moveUris(r.outputs),
            properties: moveUris(r.properties),
          },
        }),
      ),
      ...copies.map((f) => db.outputFile.create({ data: f })),
    ]);
  } catch (err) {
    // Nothing half-made is left: the copied bytes go with the execution that was not made.
    await storage.deletePrefix(executionPrefix(data.id)).catch(() => undefined);
    throw err;
  }
}
