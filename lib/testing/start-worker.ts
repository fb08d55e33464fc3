import { type ChildProcess, spawn } from "node:child_process";
import { createDb } from "../db/create-client";
import { controlOf, serverEnv } from "./start-server";

export interface WorkerProcess {
  name: string;
  pid: number;
  /** SIGTERM and wait for the exit (its containers go on; it takes them back when started again). */
  stop: () => Promise<void>;
  /** SIGKILL: the worker dies mid-task, nothing cleaned up. */
  crash: () => Promise<void>;
  /** SIGSTOP / SIGCONT: frozen mid-task (a starved machine), then going on from where it was. */
  freeze: () => void;
  thaw: () => void;
}

/**
 * Starts `npm run worker` as its own process (node itself, so `crash` kills the worker and not a
 * wrapper) on a PostgreSQL database that a server has migrated, and waits until it has reported.
 */
export async function startWorker(
  databaseUrl: string,
  name: string,
  extraEnv: Record<string, string> = {},
): Promise<WorkerProcess> {
  const { env } = serverEnv(databaseUrl, { OSPREY_WORKER_NAME: name, ...extraEnv });
  const startedAfter = new Date();
  const child: ChildProcess = spawn(
    process.execPath,
    ["--conditions=react-server", "--import", "tsx", "scripts/worker.ts"],
    { env, stdio: ["ignore", "ignore", "inherit"] },
  );
  const control = controlOf(child);
  const db = await createDb(databaseUrl);
  try {
    for (let i = 0; ; i++) {
      const row = await db.worker.findUnique({ where: { name } });
      if (row && row.startedAt >= new Date(startedAfter.getTime() - 1_000)) break;
      if (i > 300 || child.exitCode !== null) throw new Error(`worker ${name} did not report within 30 s`);
      await new Promise((r) => setTimeout(r, 100));
    }
  } finally {
    await db.$disconnect();
  }
  return { name, ...control };
}
