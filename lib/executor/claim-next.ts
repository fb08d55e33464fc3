import type { Db } from "../db/create-client";
import { parseFlow } from "../flow/parse-flow";

type Concurrency = { limit: number; behavior: "QUEUE" | "CANCEL" | "FAIL" };

/** A flow's `concurrency`, read only from sources that mention it (most do not). */
function concurrencyOf(source: string): Concurrency | undefined {
  if (!source.includes("concurrency")) return undefined;
  const parsed = parseFlow(source);
  return parsed.ok ? ((parsed.flow as { concurrency?: Concurrency }).concurrency ?? undefined) : undefined;
}

const CANDIDATES = 50;

/**
 * Moves the oldest executions that may start to RUNNING, at most `max` (compare-and-set on each
 * one's state, so two claimers never take the same one), and returns their ids, oldest first. A
 * flow's `concurrency.limit` counts its RUNNING and PAUSED executions, as Kestra does; past it the
 * execution is QUEUED (and starts when a slot frees), CANCELLED, or FAILED, as `behavior` says.
 */
export async function claimNext(db: Db, owner: string, max = 1): Promise<string[]> {
  const candidates = await db.execution.findMany({
    where: { state: { in: ["CREATED", "QUEUED"] } },
    orderBy: { createdAt: "asc" },
    take: CANDIDATES,
    select: { id: true, state: true, namespace: true, flowId: true, source: true },
  });
  // Executions of flows without a concurrency limit are claimed together: one compare-and-set over
  // all of them, then a read of which this owner got (a burst of runs is not N round trips).
  const free = candidates.filter((c) => c.state === "CREATED" && !concurrencyOf(c.source)).slice(0, max);
  const claimed: string[] = [];
  if (free.length > 1) {
    const now = new Date();
    await db.execution.updateMany({ where: { id: { in: free.map((c) => c.id) }, state: "CREATED" }, data: { state: "RUNNING", startedAt: now, ownerId: owner, heartbeatAt: now } });
    const mine = await db.execution.findMany({ where: { id: { in: free.map((c) => c.id) }, state: "RUNNING", ownerId: owner, startedAt: now }, select: { id: true } });
    const got = new Set(mine.map((m) => m.id));
    claimed.push(...free.filter((c) => got.has(c.id)).map((c) => c.id));
  }
  const batched = new Set(free.length > 1 ? free.map((c) => c.id) : []);
  for (const c of candidates) {
    if (claimed.length >= max) break;
    if (batched.has(c.id)) continue;
    const concurrency = concurrencyOf(c.source);
    if (concurrency) {
      const running = await db.execution.count({ where: { namespace: c.namespace, flowId: c.flowId, state: { in: ["RUNNING", "PAUSED"] } } });
      if (running >= concurrency.limit) {
        if (c.state === "CREATED") await overLimit(db, c.id, concurrency);
        continue;
      }
    }
    const now = new Date();
    const { count } = await db.execution.updateMany({ where: { id: c.id, state: c.state }, data: { state: "RUNNING", startedAt: now, ownerId: owner, heartbeatAt: now } });
    if (count === 1) claimed.push(c.id);
  }
  return claimed;
}

async function overLimit(db: Db, id: string, { behavior }: Concurrency): Promise<void> {
  const ended = { endedAt: new Date() };
  const data =
    behavior === "CANCEL" ? { state: "CANCELLED", error: "Flow is CANCELLED due to concurrency limit exceeded", ...ended }
    : behavior === "FAIL" ? { state: "FAILED", error: "Flow is FAILED due to concurrency limit exceeded", ...ended }
    : { state: "QUEUED" };
  await db.execution.updateMany({ where: { id, state: "CREATED" }, data });
}
