import { ancestorsOf } from "../engine/run-variables";
import { isTerminalState } from "../states/states";
import type { ExecutionSession } from "../task-runs/execution-session";
import { loadRunsOf, runsById, type StoredRun } from "../task-runs/stored-run";
import { workerAlive } from "./working-directory-host";

/**
 * A web server closing a WorkingDirectory its worker ran: that worker keeps the directory's
 * `outputFiles` after each task it ran there (its volume is on its engine), just after the task's end
 * is written; this waits until it has done so for every task of the directory that ended there, then
 * returns the URIs it kept. A worker gone meanwhile took the volume with it: the directory fails.
 */
export async function outputFilesKeptOnWorker(
  session: ExecutionSession,
  run: StoredRun,
  outputFiles: string[],
): Promise<Record<string, unknown>> {
  if (outputFiles.length === 0) return {};
  const { db, config } = session.deps;
  for (;;) {
    const host = await db.workingDirectoryHost.findUnique({ where: { taskRunId: run.id } });
    // No task of it ran on a worker: there is no volume and nothing to keep.
    if (!host) return { outputFiles: {} };
    const ranThere = await endedOnWorker(db, session.execution.id, run.id, host.workerId);
    if (host.collected >= ranThere)
      return { outputFiles: JSON.parse(host.outputFiles ?? "{}") as Record<string, string> };
    if (!(await workerAlive(db, host.workerId, config.OSPREY_LEASE_MS)))
      throw new Error(
        `worker ${host.workerId}, which held this WorkingDirectory's volume, is gone: its outputFiles could not be kept`,
      );
    await new Promise((r) => setTimeout(r, config.OSPREY_POLL_MS));
  }
}

/** The tasks of the directory `wdId` that `worker` ran and that ended. */
async function endedOnWorker(
  db: ExecutionSession["deps"]["db"],
  executionId: string,
  wdId: string,
  worker: string,
): Promise<number> {
  const [runs, there] = await Promise.all([
    loadRunsOf(db, executionId),
    db.taskRun.findMany({ where: { executionId, workerId: worker }, select: { id: true } }),
  ]);
  const byId = runsById(runs);
  const ranThere = new Set(there.map((r) => r.id));
  return runs.filter(
    (r) =>
      r.queue !== null &&
      ranThere.has(r.id) &&
      isTerminalState(r.state) &&
      ancestorsOf(r, byId).some((a) => a.id === wdId),
  ).length;
}
