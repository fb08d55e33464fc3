import type { Db } from "../db/create-client";
import { renewEveryMs } from "./lease";

/** When a holder's lease chores (report, renew, take over) are due: a few times per lease. */
export class LeaseCadence {
  private lastAt = 0;
  constructor(private readonly leaseMs: number) {}
  /** True (and counted as done) when the last round was at least a renewal period ago. */
  due(now: number): boolean {
    if (now - this.lastAt < renewEveryMs(this.leaseMs)) return false;
    this.lastAt = now;
    return true;
  }
}

/**
 * Renews the leases `me` holds (executions: `ownerId`; task runs: `workerId`) and returns those
 * another holder has taken over meanwhile (this process was frozen or cut off past its lease): the
 * caller lets each go at once, writing nothing more and leaving its container to the new holder.
 */
export async function renewLeases(
  db: Db,
  what: "execution" | "task run",
  ids: readonly string[],
  me: string,
  now: Date,
): Promise<{ id: string; holder: string | null }[]> {
  if (ids.length === 0) return [];
  const list = [...ids];
  if (what === "execution") {
    const { count } = await db.execution.updateMany({
      where: { id: { in: list }, ownerId: me },
      data: { heartbeatAt: now },
    });
    if (count === list.length) return [];
    const taken = await db.execution.findMany({
      where: { id: { in: list }, ownerId: { not: me } },
      select: { id: true, ownerId: true },
    });
    return taken.map((t) => ({ id: t.id, holder: t.ownerId }));
  }
  const { count } = await db.taskRun.updateMany({
    where: { id: { in: list }, workerId: me },
    data: { heartbeatAt: now },
  });
  if (count === list.length) return [];
  const taken = await db.taskRun.findMany({
    where: { id: { in: list }, workerId: { not: me } },
    select: { id: true, workerId: true },
  });
  return taken.map((t) => ({ id: t.id, holder: t.workerId }));
}
