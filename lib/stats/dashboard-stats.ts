import "server-only";
import type { NamespaceScope } from "../auth/namespace-roles";
import type { Db } from "../db/create-client";
import { State, STATES, isTerminalState } from "../states/states";
import { allowedNamespaces } from "../executions/search-executions";
import { bucketsFor, type DurationSummary, stackByState, summarizeDurations, type TStatsRange } from "./buckets";
import { busiestFlows } from "./busiest-flows";
import { countsPerBucket, HOUR } from "./hourly-counts";
import { notPlayground } from "../execution-kind/execution-kind";

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
 * Counts are read from ExecutionCount (kept per hour by database triggers, migration 0028), so a
 * month's chart reads a few thousand rows however many executions there are; lists are bounded reads
 * over indexes.
 */
export async function dashboardStats(db: Db, q: DashboardQuery, scope: NamespaceScope) {
  const now = q.now ?? new Date();
  const visible = scope.everywhere ? undefined : await allowedNamespaces(db, scope);
  const inScope = { ...notPlayground, ...(visible ? { namespace: { in: visible } } : {}) };
  const buckets = bucketsFor(q.range, now, q.utcOffsetMinutes);
  const since = buckets[0].start;
  const dayAgo = new Date(now.getTime() - DAY);
  const hours = {
    gte: Math.floor(since.getTime() / HOUR),
    lt: Math.ceil(buckets[buckets.length - 1].end.getTime() / HOUR),
  };
  // The rows totalling every namespace, or one namespace each: never one row per flow for a count.
  const level = visible ? { namespace: { in: visible }, flowId: "" } : { namespace: "", flowId: "" };

  const [total, perHour, busiest, failures, failureCount, running, runningCount] = await Promise.all([
    db.executionCount.aggregate({ where: level, _sum: { count: true } }),
    db.executionCount.groupBy({ by: ["hour", "state"], where: { ...level, hour: hours }, _sum: { count: true } }),
    busiestFlows(db, hours, visible, BUSIEST_FLOWS),
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

  const counts = countsPerBucket(
    buckets,
    perHour.map((r) => ({ hour: r.hour, state: r.state, count: r._sum.count ?? 0 })),
  );
  const statesSeen = STATES.filter((s) => counts.some((rows) => rows.some((r) => r.state === s && r.count > 0)));
  const durations = await Promise.all(busiest.map((f) => flowDurations(db, f.namespace, f.flowId, since)));

  return {
    range: q.range,
    total: total._sum.count ?? 0,
    states: statesSeen,
    series: stackByState(buckets, counts, statesSeen),
    busiestFlows: busiest.map((f, i) => ({ ...f, duration: durations[i] })),
    failures: { count: failureCount, recent: failures },
    running: { count: runningCount, recent: running },
  };
}
export type DashboardStats = Awaited<ReturnType<typeof dashboardStats>>;

/** Durations of a flow's newest finished runs since `since` (a duration needs both ends, so it is read, not aggregated). */
async function flowDurations(db: Db, namespace: string, flowId: string, since: Date): Promise<DurationSummary | null> {
  const runs = await db.execution.findMany({
    where: {
      ...notPlayground,
      namespace,
      flowId,
      createdAt: { gte: since },
      startedAt: { not: null },
      endedAt: { not: null },
    },
    orderBy: { createdAt: "desc" },
    take: DURATION_SAMPLE,
    select: { startedAt: true, endedAt: true },
  });
  return summarizeDurations(runs.map((r) => r.endedAt!.getTime() - r.startedAt!.getTime()));
}
