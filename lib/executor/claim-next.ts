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
 * Moves the oldest execution that may start to RUNNING (compare-and-set on its state, so two
 * claimers never take the same one) and returns its id. A flow's `concurrency.limit` counts its
 * RUNNING and PAUSED executions, as Kestra does; past it the execution is QUEUED (and starts when a
 * slot frees), CANCELLED, or FAILED, as `behavior` says.
 */
export async function claimNext(db: Db, owner: string): Promise<string | null> {
  const candidates = await db.execution.findMany({
    where: { state: { in: ["CREATED", "QUEUED"] } },
    orderBy: { createdAt: "asc" },
    take: CANDIDATES,
    select: { id: true, state: true, namespace: true, flowId: true, source: true },
  });
  for (const c of candidates) {
    const concurrency = concurrencyOf(c.source);
    if (concurrency) {
      const running = await db.execution.count({ where: { namespace: c.namespace, flowId: c.flowId, state: { in: ["RUNNING", "PAUSED"] } } });
      if (running >= concurrency.limit) {
        if (c.state === "CREATED") await overLimit(db, c.id, concurrency);
        continue;
      }
    }
    const claimed = await db.execution.updateMany({ where: { id: c.id, state: c.state }, data: { state: "RUNNING", startedAt: new Date(), ownerId: owner, heartbeatAt: new Date() } });
    if (claimed.count === 1) return c.id;
  }
  return null;
}

async function overLimit(db: Db, id: string, { behavior }: Concurrency): Promise<void> {
  const ended = { endedAt: new Date() };
  const data =
    behavior === "CANCEL" ? { state: "CANCELLED", error: "Flow is CANCELLED due to concurrency limit exceeded", ...ended }
    : behavior === "FAIL" ? { state: "FAILED", error: "Flow is FAILED due to concurrency limit exceeded", ...ended }
    : { state: "QUEUED" };
  await db.execution.updateMany({ where: { id, state: "CREATED" }, data });
}
