import type { Db } from "../db/create-client";
import { processCounters } from "./process-counters";
import { histogramSamples, type MetricFamily } from "./prometheus";
import { State } from "../states/states";

/** Task run durations are reported over this recent window: a scrape stays one bounded query. */
const DURATION_WINDOW_MS = 60 * 60 * 1000;
const DURATION_BUCKETS = [0.1, 0.5, 1, 5, 10, 30, 60, 300, 1800, 3600];
/** A task run whose worker has not said it is alive for this long counts as stale. */
const STALE_HEARTBEAT_MS = 60_000;

/** What /metrics reports: executions by state, queue depth, task run durations, log lines, heartbeats. */
export async function collectMetrics(db: Db, now = new Date()): Promise<MetricFamily[]> {
  const [byState, taskRuns, running] = await Promise.all([
    db.execution.groupBy({ by: ["state"], _count: { _all: true } }),
    db.taskRun.findMany({
      where: { endedAt: { gte: new Date(now.getTime() - DURATION_WINDOW_MS) }, startedAt: { not: null } },
      select: { taskType: true, state: true, startedAt: true, endedAt: true },
    }),
    db.taskRun.findMany({
      where: { state: State.RUNNING, workerId: { not: null } },
      select: { workerId: true, heartbeatAt: true },
    }),
  ]);
  const counters = processCounters();
  const durations = new Map<string, number[]>();
  for (const r of taskRuns) {
    const list = durations.get(r.taskType) ?? [];
    list.push((r.endedAt!.getTime() - r.startedAt!.getTime()) / 1000);
    durations.set(r.taskType, list);
  }
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
    {
      name: "osprey_task_run_duration_seconds",
      help: "Durations of the task runs that ended in the last hour, by task type.",
      type: "histogram",
      samples: [...durations].flatMap(([type, values]) => histogramSamples(values, DURATION_BUCKETS, { type })),
    },
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
