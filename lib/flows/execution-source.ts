import type { Db } from "../db/create-client";
import { AppError } from "../errors/app-error";

/** What an execution row says about the flow it runs: `source` null means its revision's source. */
export interface SourceRef {
  namespace: string;
  flowId: string;
  flowRevision: number;
  source: string | null;
}

/** Revisions never change once saved, so their sources are kept per process (per database: tests open many). */
const MAX_CACHED = 5_000;
const caches = new WeakMap<object, Map<string, string>>();

function cacheOf(db: Db): Map<string, string> {
  let cache = caches.get(db);
  if (!cache) {
    cache = new Map();
    caches.set(db, cache);
  }
  return cache;
}

const keyOf = (namespace: string, flowId: string, revision: number) => `${namespace}\u0000${flowId}\u0000${revision}`;

/** The source of a flow's saved revision, or null when that revision is not stored. */
export async function revisionSource(db: Db, namespace: string, flowId: string, revision: number) {
  const cache = cacheOf(db);
  const key = keyOf(namespace, flowId, revision);
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  const row = await db.flowRevision.findFirst({
    where: { revision, flow: { namespace, flowId } },
    select: { source: true },
  });
  if (!row) return null;
  if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value as string);
  cache.set(key, row.source);
  return row.source;
}

/** The flow source an execution runs: its own copy, else its revision's (kept even when the flow is deleted). */
export async function executionSource(db: Db, e: SourceRef): Promise<string> {
  if (e.source !== null) return e.source;
  const source = await revisionSource(db, e.namespace, e.flowId, e.flowRevision);
  if (source === null)
    throw new AppError(
      "NOT_FOUND",
      `execution of ${e.namespace}.${e.flowId}: revision ${e.flowRevision} of the flow is not stored, so its source is unknown`,
    );
  return source;
}

/** The execution with its source filled in, for the code that reads `execution.source`. */
export async function withSource<T extends SourceRef>(db: Db, e: T): Promise<T & { source: string }> {
  return { ...e, source: await executionSource(db, e) };
}

/** What a new execution stores as its source: null when it is the stored revision's (the usual case), else the copy. */
export async function sourceToStore(
  db: Db,
  namespace: string,
  flowId: string,
  revision: number,
  source: string,
): Promise<string | null> {
  return (await revisionSource(db, namespace, flowId, revision)) === source ? null : source;
}
