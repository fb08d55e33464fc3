import type { Db } from "../db/create-client";
import { parseFlowCached } from "../flow/parse-flow-cached";
import { CLAIMABLE, OCCUPYING, State, parseState } from "../states/states";
import { moveExecution } from "../executions/move-execution";
import { executionSource } from "../flows/execution-source";
import { notPlayground } from "../execution-kind/execution-kind";

type Concurrency = { limit: number; behavior: "QUEUE" | "CANCEL" | "FAIL" };

/** `concurrency:` as a key at the flow's top level (not `concurrencyLimit`, not inside a task). */
const TOP_LEVEL_CONCURRENCY = /^concurrency\s*:/m;

/** A flow's `concurrency`, read only from sources that have one (most do not). */
function concurrencyOf(source: string): Concurrency | undefined {
  if (!TOP_LEVEL_CONCURRENCY.test(source)) return undefined;
  const parsed = parseFlowCached(source);
  return parsed.ok ? ((parsed.flow as { concurrency?: Concurrency }).concurrency ?? undefined) : undefined;
}

const CANDIDATES = 50;

/**
 * Moves the oldest executions that may start to RUNNING, at most `max` (compare-and-set on each
 * one's state, so two claimers never take the same one), and returns their ids, oldest first. A
 * flow's `concurrency.limit` counts its RUNNING and PAUSED executions, as Kestra does; past it the
 * execution is QUEUED (and starts when a slot frees), CANCELLED, or FAILED, as `behavior` says.
 */
export async function claimNext(db: Db, owner: string, max = 1, namespaceCap = 0): Promise<string[]> {
  const room = await namespaceRoom(db, namespaceCap);
  const rows = await db.execution.findMany({
    // A namespace at its cap is passed over, so the oldest executions of the others are still seen.
    where: {
      state: { in: CLAIMABLE.list() },
      AND: [
        // One made with a scheduleDate waits for it.
        { OR: [{ scheduledFor: null }, { scheduledFor: { lte: new Date() } }] },
        ...(room.full.length ? [{ OR: [{ namespace: { notIn: room.full } }, { triggerType: "subflow" }] }] : []),
      ],
    },
    orderBy: { createdAt: "asc" },
    take: CANDIDATES,
    select: {
      id: true,
      state: true,
      namespace: true,
      flowId: true,
      flowRevision: true,
      source: true,
      triggerType: true,
    },
  });
  // A source that cannot be read claims as a flow without a limit: its run then ends with the reason.
  const candidates = await Promise.all(
    rows.map(async (r) => ({ ...r, source: await executionSource(db, r).catch(() => "") })),
  );
  // Executions of flows without a concurrency limit are claimed together: one compare-and-set over
  // all of them, then a read of which this owner got (a burst of runs is not N round trips).
  const free: typeof candidates = [];
  for (const c of candidates)
    if (free.length < max && c.state === State.CREATED && !concurrencyOf(c.source) && room.take(c)) free.push(c);
  const claimed: string[] = [];
  if (free.length > 1) {
    const now = new Date();
    await moveExecution(
      { db },
      free.map((c) => c.id),
      {
        from: [State.CREATED],
        to: State.RUNNING,
        data: { startedAt: now, ownerId: owner, heartbeatAt: now },
      },
    );
    const mine = await db.execution.findMany({
      where: { id: { in: free.map((c) => c.id) }, state: State.RUNNING, ownerId: owner, startedAt: now },
      select: { id: true },
    });
    const got = new Set(mine.map((m) => m.id));
    claimed.push(...free.filter((c) => got.has(c.id)).map((c) => c.id));
  }
  const batched = new Set(free.length > 1 ? free.map((c) => c.id) : []);
  for (const c of candidates) {
    if (claimed.length >= max) break;
    if (batched.has(c.id)) continue;
    const concurrency = concurrencyOf(c.source);
    if (!concurrency && c.state === State.CREATED && !free.includes(c)) continue;
    if (concurrency && !room.take(c)) continue;
    if (concurrency) {
      const running = await db.execution.count({
        where: { ...notPlayground, namespace: c.namespace, flowId: c.flowId, state: { in: OCCUPYING.list() } },
      });
      if (running >= concurrency.limit) {
        if (c.state === State.CREATED) await overLimit(db, c.id, concurrency);
        continue;
      }
    }
    const now = new Date();
    const count = await moveExecution({ db }, c.id, {
      from: [parseState(c.state)],
      to: State.RUNNING,
      data: { startedAt: now, ownerId: owner, heartbeatAt: now },
    });
    if (count === 1) claimed.push(c.id);
  }
  return claimed;
}

async function overLimit(db: Db, id: string, { behavior }: Concurrency): Promise<void> {
  const to = behavior === "CANCEL" ? State.CANCELLED : behavior === "FAIL" ? State.FAILED : State.QUEUED;
  const error = to === State.QUEUED ? {} : { error: `Flow is ${to} due to concurrency limit exceeded` };
  await moveExecution({ db }, id, { from: [State.CREATED], to, data: error });
}

/**
 * OSPREY_NAMESPACE_MAX_RUNNING: how many more executions each namespace may start (0: no cap), so
 * one team's thousand runs wait in their own queue instead of everyone's. A Subflow's or
 * ForEachItem's child is not held back (its parent, counted already, waits for it: holding the
 * child back could leave parents at the cap waiting for children that never start).
 */
async function namespaceRoom(
  db: Db,
  cap: number,
): Promise<{ full: string[]; take(c: { namespace: string; triggerType: string | null }): boolean }> {
  if (cap <= 0) return { full: [], take: () => true };
  const counts = await db.execution.groupBy({
    by: ["namespace"],
    where: { ...notPlayground, state: State.RUNNING },
    _count: { _all: true },
  });
  const running = new Map(counts.map((c) => [c.namespace, c._count._all]));
  return {
    full: [...running].filter(([, n]) => n >= cap).map(([ns]) => ns),
    take(c) {
      if (c.triggerType === "subflow") return true;
      const n = running.get(c.namespace) ?? 0;
      if (n >= cap) return false;
      running.set(c.namespace, n + 1);
      return true;
    },
  };
}
