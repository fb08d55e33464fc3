import "server-only";
import type { NamespaceScope } from "../auth/namespace-roles";
import type { Db } from "../db/create-client";
import { State, STATES, isTerminalState } from "../states/states";
import { allowedNamespaces } from "../executions/search-executions";
import { bucketsFor, type DurationSummary, stackByState, summarizeDurations, type TStatsRange } from "./buckets";

export interface DashboardQuery {
  range: TStatsRange;
  /** The viewer's clock: local minus UTC, in minutes. */
  utcOffsetMinutes: number;
  now?: Date;
}

/** How many flows the duration chart shows, and how many runs of each its figures read at most. */
const BUSIEST_FLOWS = 8;
const DURATION_SAMPLE = 1000;
const LIST_SIZE = 20;
const DAY = 86_400_000;
const UNFINISHED = STATES.filter((s) => !isTerminalState(s));

/**
 * Everything the home dashboard shows, only from namespaces `scope` allows: executions per state
 * per bucket, run durations of the busiest flows, the last 24 hours' failures, and what is running.
 * Counts come from groupBy/count so no row is read for them (portable: no raw SQL).
 */
export async function dashboardStats(db: Db, q: DashboardQuery, scope: NamespaceScope) {
  const now = q.now ?? new Date();
  const visible = scope.everywhere ? undefined : await allowedNamespaces(db, scope);
  const inScope = visible ? { namespace: { in: visible } } : {};
  const buckets = bucketsFor(q.range, now, q.utcOffsetMinutes);
  const since = buckets[0].start;
  const dayAgo = new Date(now.getTime() - DAY);

  const [total, perBucket, busiest, failures, failureCount, running, runningCount] = await Promise.all([
    db.execution.count({ where: inScope }),
    Promise.all(
      buckets.map((b) =>
        db.execution.groupBy({
          by: ["state"],
          where: { ...inScope, createdAt: { gte: b.start, lt: b.end } },
          _count: { _all: true },
        }),
      ),
    ),
    db.execution.groupBy({
      by: ["namespace", "flowId"],
      where: { ...inScope, createdAt: { gte: since } },
      _count: { id: true },
      orderBy: [{ _count: { id: "desc" } }, { namespace: "asc" }, { flowId: "asc" }],
      take: BUSIEST_FLOWS,
    }),
    db.execution.findMany({
      where: { ...inScope, state: State.FAILED, createdAt: { gte: dayAgo } },
      orderBy: { createdAt: "desc" },
      take: LIST_SIZE,
      select: { id: true, namespace: true, flowId: true, state: true, error: true, createdAt: true, endedAt: true },
    }),
    db.execution.count({ where: { ...inScope, state: State.FAILED, createdAt: { gte: dayAgo } } }),
    db.execution.findMany({
      where: { ...inScope, state: { in: UNFINISHED } },
      orderBy: { createdAt: "desc" },
      take: LIST_SIZE,
      select: { id: true, namespace: true, flowId: true, state: true, createdAt: true, startedAt: true },
    }),
    db.execution.count({ where: { ...inScope, state: { in: UNFINISHED } } }),
  ]);

  const counts = perBucket.map((rows) => rows.map((r) => ({ state: r.state, count: r._count._all })));
  const statesSeen = STATES.filter((s) => counts.some((rows) => rows.some((r) => r.state === s && r.count > 0)));
  const durations = await Promise.all(busiest.map((f) => flowDurations(db, f.namespace, f.flowId, since)));

  return {
    range: q.range,
    total,
    states: statesSeen,
    series: stackByState(buckets, counts, statesSeen),
    busiestFlows: busiest.map((f, i) => ({
      namespace: f.namespace,
      flowId: f.flowId,
      executions: f._count.id,
      duration: durations[i],
    })),
    failures: { count: failureCount, recent: failures },
    running: { count: runningCount, recent: running },
  };
}
export type DashboardStats = Awaited<ReturnType<typeof dashboardStats>>;

/** Durations of a flow's newest finished runs since `since` (a duration needs both ends, so it is read, not aggregated). */
async function flowDurations(db: Db, namespace: string, flowId: string, since: Date): Promise<DurationSummary | null> {
  const runs = await db.execution.findMany({
    where: { namespace, flowId, createdAt: { gte: since }, startedAt: { not: null }, endedAt: { not: null } },
    orderBy: { createdAt: "desc" },
    take: DURATION_SAMPLE,
    select: { startedAt: true, endedAt: true },
  });
  return summarizeDurations(runs.map((r) => r.endedAt!.getTime() - r.startedAt!.getTime()));
}
