import type { Db } from "../db/create-client";

/** How long a ranking over many days is served before it is read again (it moves slowly). */
const FRESH_MS = 5 * 60_000;
/** Past this many hours, the ranking reads every flow's rows of the range: it is cached. */
const LIVE_HOURS = 48;

interface Ranked {
  namespace: string;
  flowId: string;
  executions: number;
}

const cached = new WeakMap<object, Map<string, { at: number; value: Promise<Ranked[]> }>>();

/** The `take` flows with the most executions created in `hours` (ExecutionCount's per-flow rows), in `namespaces` when given. */
function rank(db: Db, hours: { gte: number; lt: number }, namespaces: string[] | undefined, take: number) {
  return db.executionCount
    .groupBy({
      by: ["namespace", "flowId"],
      where: { ...(namespaces ? { namespace: { in: namespaces } } : {}), flowId: { not: "" }, hour: hours },
      _sum: { count: true },
      orderBy: [{ _sum: { count: "desc" } }, { namespace: "asc" }, { flowId: "asc" }],
      take,
    })
    .then((rows) =>
      rows
        .map((r) => ({ namespace: r.namespace, flowId: r.flowId, executions: r._sum.count ?? 0 }))
        .filter((r) => r.executions > 0),
    );
}

/**
 * The busiest flows of a range. A day's ranking reads a few thousand rows and is read live; a
 * month's reads one row per flow and hour (hundreds of thousands at a team's size), so it is kept
 * per process for FRESH_MS and read again in the background once older: after the first load, a
 * viewer waits for none (the ranking may then be up to FRESH_MS old).
 */
export function busiestFlows(
  db: Db,
  hours: { gte: number; lt: number },
  namespaces: string[] | undefined,
  take: number,
): Promise<Ranked[]> {
  if (hours.lt - hours.gte <= LIVE_HOURS) return rank(db, hours, namespaces, take);
  let perDb = cached.get(db);
  if (!perDb) {
    perDb = new Map();
    cached.set(db, perDb);
  }
  const key = `${hours.lt - hours.gte}|${take}|${namespaces?.join(",") ?? "*"}`;
  const hit = perDb.get(key);
  const now = Date.now();
  if (hit && now - hit.at < FRESH_MS) return hit.value;
  const value = rank(db, hours, namespaces, take);
  if (!hit) {
    perDb.set(key, { at: now, value });
    value.catch(() => perDb.delete(key));
    return value;
  }
  // Stale: the old ranking answers; the new one replaces it once read (and no second read starts meanwhile).
  hit.at = now;
  value.then(
    (v) => perDb.set(key, { at: Date.now(), value: Promise.resolve(v) }),
    () => undefined,
  );
  return hit.value;
}
