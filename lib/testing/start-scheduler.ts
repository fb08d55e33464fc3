import { type ChildOfTest, startChild } from "./start-child";

export type SchedulerProcess = ChildOfTest;

/**
 * Starts lib/testing/run-scheduler.ts as its own node process on `databaseUrl`, and waits until
 * its scheduler has started.
 */
export function startScheduler(databaseUrl: string, maxSleepMs = 100): Promise<SchedulerProcess> {
  return startChild(
    "lib/testing/run-scheduler.ts",
    { ...process.env, DATABASE_URL: databaseUrl },
    [String(maxSleepMs)],
    "the scheduler process",
  );
}
