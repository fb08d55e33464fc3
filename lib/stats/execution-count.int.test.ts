import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { Db } from "../db/create-client";
import { moveExecution } from "../executions/move-execution";
import { purgeOlderThan } from "../retention/purge-executions";
import { State } from "../states/states";
import { useTestDeps } from "../testing/test-deps";

// ExecutionCount is kept by database triggers (migration 0028): these compare it, at each of its
// three levels, with a count of the executions themselves after every kind of write.
const ctx = useTestDeps();
const HOUR = 3_600_000;

async function insert(db: Db, namespace: string, flowId: string, state: string, createdAt: Date) {
  const id = randomUUID();
  await db.execution.create({ data: { id, namespace, flowId, flowRevision: 1, source: "", state, createdAt } });
  return id;
}

/** The aggregate and the real counts, keyed "namespace/flowId/hour/state", zero rows left out. */
async function both(db: Db) {
  const kept = await db.executionCount.findMany();
  const aggregate = Object.fromEntries(
    kept.filter((r) => r.count !== 0).map((r) => [`${r.namespace}/${r.flowId}/${r.hour}/${r.state}`, r.count]),
  );
  const real: Record<string, number> = {};
  for (const e of await db.execution.findMany({
    select: { namespace: true, flowId: true, state: true, createdAt: true },
  })) {
    const hour = Math.floor(e.createdAt.getTime() / HOUR);
    for (const key of [`${e.namespace}/${e.flowId}`, `${e.namespace}/`, "/"]) {
      const k = `${key}/${hour}/${e.state}`;
      real[k] = (real[k] ?? 0) + 1;
    }
  }
  return { aggregate, real };
}

describe("ExecutionCount, kept by triggers", () => {
  it("counts inserts, state moves, bulk moves and deletes at every level, in the statement that makes them", async () => {
    const { db } = ctx.deps;
    const t0 = new Date("2026-11-20T10:15:00Z");
    const a = await insert(db, "team.a", "etl", State.CREATED, t0);
    const b = await insert(db, "team.a", "etl", State.CREATED, new Date(t0.getTime() + 10 * 60_000));
    const c = await insert(db, "team.a", "report", State.SUCCESS, new Date(t0.getTime() + 2 * HOUR));
    await insert(db, "team.b", "etl", State.FAILED, t0);
    let { aggregate, real } = await both(db);
    expect(aggregate).toEqual(real);
    const hour = Math.floor(t0.getTime() / HOUR);
    expect(aggregate[`//${hour}/CREATED`]).toBe(2);
    expect(aggregate[`team.a//${hour}/CREATED`]).toBe(2);
    expect(aggregate[`team.b/etl/${hour}/FAILED`]).toBe(1);

    // One execution through the state module, two at once (a bulk claim), one deleted.
    await moveExecution({ db }, a, { from: [State.CREATED], to: State.RUNNING, data: {} });
    await db.execution.updateMany({ where: { id: { in: [a, b] } }, data: { state: State.KILLED } });
    await db.execution.delete({ where: { id: c } });
    ({ aggregate, real } = await both(db));
    expect(aggregate).toEqual(real);
    expect(aggregate[`team.a/etl/${hour}/KILLED`]).toBe(2);
    expect(aggregate[`team.a/etl/${hour}/CREATED`]).toBeUndefined();
    expect(aggregate[`team.a/report/${hour + 2}/SUCCESS`]).toBeUndefined();
  });

  it("loses the purged executions: the retention purge deletes through the same triggers", async () => {
    const { db, storage } = ctx.deps;
    const now = new Date("2026-12-01T00:00:00Z");
    await insert(db, "team.c", "old", State.SUCCESS, new Date(now.getTime() - 40 * 24 * HOUR));
    await insert(db, "team.c", "new", State.SUCCESS, new Date(now.getTime() - HOUR));
    const purged = await purgeOlderThan(db, storage, 30, now);
    expect(purged.executionsCount).toBeGreaterThanOrEqual(1);
    const { aggregate, real } = await both(db);
    expect(aggregate).toEqual(real);
    expect(Object.keys(aggregate).some((k) => k.startsWith("team.c/old/"))).toBe(false);
    expect(Object.keys(aggregate).some((k) => k.startsWith("team.c/new/"))).toBe(true);
  });
});
