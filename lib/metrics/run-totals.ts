import type { Db } from "../db/create-client";
import type { MetricFamily } from "./prometheus";

/**
 * The upper bounds (seconds) of the duration buckets the database triggers count ended runs into
 * (migration 0026_run_totals_wd_hosts: its `le` column); change both together.
 */
export const DURATION_BUCKETS = ["0.1", "0.5", "1", "5", "10", "30", "60", "300", "1800", "3600"] as const;

const num = (v: bigint | number | null | undefined) => Number(v ?? 0);

/**
 * The counters of ended executions and task runs, read from the totals the database keeps as runs
 * end (RunTotal): the same from every process, nothing held in memory, a few grouped reads of a
 * table as small as the flows × task types × states × buckets seen.
 */
export async function runTotalFamilies(db: Db): Promise<MetricFamily[]> {
  const sum = { count: true, durationSum: true } as const;
  const [taskRuns, byType, executions] = await Promise.all([
    db.runTotal.groupBy({ by: ["namespace", "flowId", "taskType", "state"], where: { kind: "taskRun" }, _sum: sum }),
    db.runTotal.groupBy({ by: ["taskType", "le"], where: { kind: "taskRun", le: { not: "none" } }, _sum: sum }),
    db.runTotal.groupBy({ by: ["namespace", "flowId", "state"], where: { kind: "execution" }, _sum: sum }),
  ]);
  return [
    {
      name: "osprey_executions_ended_total",
      help: "Executions that ended, by namespace, flow and state (a restarted one counts each end).",
      type: "counter",
      samples: executions.map((r) => ({
        labels: { namespace: r.namespace, flow: r.flowId, state: r.state },
        value: num(r._sum.count),
      })),
    },
    {
      name: "osprey_execution_duration_seconds",
      help: "Durations of the executions that ended, by namespace, flow and state.",
      type: "summary",
      samples: executions.flatMap((r) => {
        const labels = { namespace: r.namespace, flow: r.flowId, state: r.state };
        return [
          { suffix: "_sum", labels, value: r._sum.durationSum ?? 0 },
          { suffix: "_count", labels, value: num(r._sum.count) },
        ];
      }),
    },
    {
      name: "osprey_task_runs_ended_total",
      help: "Task runs that ended, by namespace, flow, task type and state.",
      type: "counter",
      samples: taskRuns.map((r) => ({
        labels: { namespace: r.namespace, flow: r.flowId, type: r.taskType, state: r.state },
        value: num(r._sum.count),
      })),
    },
    {
      name: "osprey_task_run_duration_seconds",
      help: "Durations of the task runs that ended (those that started), by task type.",
      type: "histogram",
      samples: histogramByType(byType),
    },
  ];
}

export type BucketRow = { taskType: string; le: string; _sum: { count: bigint | null; durationSum: number | null } };

/** Cumulative buckets per task type from the per-bucket totals ("+Inf" holds those past the last bound). */
export function histogramByType(rows: BucketRow[]): MetricFamily["samples"] {
  const types = new Map<string, Map<string, BucketRow["_sum"]>>();
  for (const r of rows) {
    const byLe = types.get(r.taskType) ?? new Map();
    byLe.set(r.le, r._sum);
    types.set(r.taskType, byLe);
  }
  return [...types].flatMap(([type, byLe]) => {
    let running = 0;
    let total = 0;
    const samples: MetricFamily["samples"] = [];
    for (const le of [...DURATION_BUCKETS, "+Inf"]) {
      running += num(byLe.get(le)?.count);
      samples.push({ suffix: "_bucket", labels: { type, le }, value: running });
    }
    for (const s of byLe.values()) total += s.durationSum ?? 0;
    samples.push({ suffix: "_sum", labels: { type }, value: total });
    samples.push({ suffix: "_count", labels: { type }, value: running });
    return samples;
  });
}
