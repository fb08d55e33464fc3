import type { Db } from "../db/create-client";
import { processCounters } from "./process-counters";
import type { MetricFamily } from "./prometheus";
import { runTotalFamilies } from "./run-totals";
import { State } from "../states/states";
import { notPlayground } from "../execution-kind/execution-kind";

/** A task run whose worker has not said it is alive for this long counts as stale. */
const STALE_HEARTBEAT_MS = 60_000;

/**
 * What /metrics reports (a web server's and a worker's alike): executions by state, queue depth, the
 * totals of ended executions and task runs with their durations (kept in the database: every process
 * reports the same), log lines this process stored, worker heartbeats.
 */
export async function collectMetrics(db: Db, now = new Date()): Promise<MetricFamily[]> {
  const [byState, totals, running] = await Promise.all([
    db.execution.groupBy({ by: ["state"], where: notPlayground, _count: { _all: true } }),
    runTotalFamilies(db),
    db.taskRun.findMany({
      where: { state: State.RUNNING, workerId: { not: null } },
      select: { workerId: true, heartbeatAt: true },
    }),
  ]);
  const counters = processCounters();
  const workers = new Map<string, number>();
  for (const r of running)
    workers.set(r.workerId!, Math.max(workers.get(r.workerId!) ?? 0, r.heartbeatAt?.getTime() ?? 0));
  return [
    {
      name: "osprey_executions",
      help: "Executions in the database by state.",
      type: "gauge",
      samples: byState.map((s) => ({ labels: { state: s.state }, value: s._count._all })),
    },
    {
      name: "osprey_queue_depth",
      help: "Executions created and waiting for an executor.",
      type: "gauge",
      samples: [{ value: byState.find((s) => s.state === State.CREATED)?._count._all ?? 0 }],
    },
    ...totals,
    {
      name: "osprey_log_lines_written_total",
      help: "Log lines this process stored since it started.",
      type: "counter",
      samples: [{ value: counters.logLinesWritten }],
    },
    {
      name: "osprey_worker_last_heartbeat_seconds",
      help: "Unix time of the last heartbeat of each worker holding a running task run.",
      type: "gauge",
      samples: [...workers].map(([worker, at]) => ({
        labels: { worker, stale: String(now.getTime() - at > STALE_HEARTBEAT_MS) },
        value: at / 1000,
      })),
    },
    {
      name: "osprey_process_start_time_seconds",
      help: "Unix time this process started.",
      type: "gauge",
      samples: [{ value: counters.startedAt / 1000 }],
    },
  ];
}
