import type { Db } from "../db/create-client";
import { isBuiltInTaskType } from "../flow/task-types";
import { installManifests } from "../flow/task-types/manifest-registry";
import type { TTaskManifest } from "../flow/task-types/task-manifest";
import { parseManifest } from "./parse-manifest";

/** Longest a process goes without looking for a change another process made. */
const SYNC_EVERY_MS = 1_000;

const state = globalThis as unknown as { __ospreyManifestSync?: { signature: string; checkedAt: number } };

/**
 * Brings this process's registered task types in line with the database: one cheap query (count and
 * last change) at most once a second, and a reload only when it changed; `force` looks at once (after
 * a change here, or when a flow names a type this process does not know).
 */
export async function syncManifestTypes(db: Db, options: { force?: boolean } = {}): Promise<void> {
  const now = Date.now();
  const known = state.__ospreyManifestSync;
  if (!options.force && known && now - known.checkedAt < SYNC_EVERY_MS) return;
  const { _count, _max } = await db.taskManifest.aggregate({ _count: { _all: true }, _max: { updatedAt: true } });
  const signature = `${_count._all}:${_max.updatedAt?.getTime() ?? 0}`;
  if (known?.signature === signature) {
    known.checkedAt = now;
    return;
  }
  const rows = await db.taskManifest.findMany({ select: { source: true } });
  const manifests: TTaskManifest[] = [];
  for (const row of rows) {
    try {
      manifests.push(parseManifest(row.source));
    } catch {
      // Stored under older rules, or a type Osprey has gained since: left out (its page says why).
    }
  }
  installManifests(manifests, isBuiltInTaskType);
  state.__ospreyManifestSync = { signature, checkedAt: now };
}
