import type { Db } from "../db/create-client";
import packageJson from "../../package.json";

export interface WorkerReport {
  name: string;
  engine: string;
  /** The workerGroup key it serves (OSPREY_WORKER_GROUP), null for tasks without a group. */
  workerGroup?: string | null;
  capacity: number;
  running: number;
  startedAt: Date;
}

/** Says this server is alive, with what it runs now (the Workers page reads it). */
export async function reportWorker(db: Db, report: WorkerReport, now = new Date()): Promise<void> {
  const data = {
    engine: report.engine,
    workerGroup: report.workerGroup ?? null,
    capacity: report.capacity,
    running: report.running,
    version: packageJson.version,
    startedAt: report.startedAt,
    heartbeatAt: now,
  };
  await db.worker.upsert({ where: { name: report.name }, create: { name: report.name, ...data }, update: data });
}

export interface WorkerView {
  name: string;
  engine: string;
  workerGroup: string | null;
  capacity: number;
  running: number;
  version: string;
  startedAt: Date;
  heartbeatAt: Date;
  /** No heartbeat for longer than the lease: its executions are taken over by others. */
  lost: boolean;
}

/** Every worker that has reported, most recently alive first. */
export async function listWorkers(db: Db, leaseMs: number, now = new Date()): Promise<WorkerView[]> {
  const rows = await db.worker.findMany({ orderBy: { heartbeatAt: "desc" } });
  return rows.map((w) => ({ ...w, lost: now.getTime() - w.heartbeatAt.getTime() > leaseMs }));
}

/** A queue seen with live workers is not asked again for this long (dispatching is the hot path). */
const LIVE_CACHE_MS = 2_000;
const seenLive = new WeakMap<Db, Map<string, number>>();

/** Whether a worker serving a queue ("" for tasks without a group) has reported within the lease. */
export async function hasLiveWorker(db: Db, queue: string, leaseMs: number, now = new Date()): Promise<boolean> {
  const seen = seenLive.get(db) ?? new Map<string, number>();
  seenLive.set(db, seen);
  if (now.getTime() - (seen.get(queue) ?? -Infinity) < LIVE_CACHE_MS) return true;
  const live = await db.worker.count({
    where: { workerGroup: queue === "" ? null : queue, heartbeatAt: { gte: new Date(now.getTime() - leaseMs) } },
  });
  if (live > 0) seen.set(queue, now.getTime());
  return live > 0;
}
