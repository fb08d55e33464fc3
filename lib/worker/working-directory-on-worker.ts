import type { ExecutorDeps } from "../deps/executor-deps";
import type { TNamespaceFiles } from "../flow/task-types/common";
import { renderAsFlowable } from "../orchestrator/render-as-flowable";
import {
  collectOutputFiles,
  createWorkingDirectoryVolume,
  workingDirectoryRunOf,
} from "../orchestrator/working-directory";
import { hostHere } from "../orchestrator/working-directory-host";
import { LABEL_INSTANCE, LABEL_MANAGED, LABEL_OWNER, LABEL_TASK_RUN } from "../runner/docker/labels";
import { removeWorkingVolume, workingVolumeName } from "../runner/docker/working-volume";
import { isTerminalState } from "../states/states";
import type { ExecutionSession } from "../task-runs/execution-session";
import type { StoredRun } from "../task-runs/stored-run";

/** Volumes being made here, per WorkingDirectory: two of its tasks starting at once make it once. */
const making = new Map<string, Promise<void>>();

/**
 * Runs `body` (a task of a WorkingDirectory a web server handed to this worker) with the directory's
 * volume on this worker's engine: made on its first task here, with the directory's rendered
 * `inputFiles` and `namespaceFiles`. After the task, the directory's `outputFiles` are kept from the
 * volume and counted, for the web server that closes the directory (working-directory-close.ts); the
 * volume itself is removed once the directory ended (removeEndedWorkingVolumes).
 */
export async function inWorkingDirectory(
  session: ExecutionSession,
  run: StoredRun,
  runs: readonly StoredRun[],
  body: () => Promise<unknown>,
): Promise<void> {
  const wd = run.queue === null ? undefined : workingDirectoryRunOf(session, run, runs);
  if (!wd) {
    await body();
    return;
  }
  const { deps } = session;
  const me = deps.config.OSPREY_WORKER_NAME;
  const host = await hostHere(deps.db, wd.id, me);
  if (host !== me) throw new Error(`this task's WorkingDirectory runs on worker ${host}, not on ${me}`);
  await ensureVolume(session, wd, runs);
  try {
    await body();
  } finally {
    await keepOutputFiles(session, wd);
  }
}

async function ensureVolume(session: ExecutionSession, wd: StoredRun, runs: readonly StoredRun[]): Promise<void> {
  const volume = workingVolumeName(wd.id);
  let made = making.get(volume);
  if (!made) {
    made = (async () => {
      const exists = await session.deps.docker
        .getVolume(volume)
        .inspect()
        .then(
          () => true,
          () => false,
        );
      if (exists) return;
      const task = session.tasks.get(wd.taskId) as { inputFiles?: unknown; namespaceFiles?: unknown } | undefined;
      await createWorkingDirectoryVolume(session, wd, {
        inputFiles: (await renderAsFlowable(session, wd, runs, task?.inputFiles ?? {})) as
          | Record<string, string>
          | string,
        namespaceFiles: (await renderAsFlowable(session, wd, runs, task?.namespaceFiles)) as
          | TNamespaceFiles
          | undefined,
      });
    })().finally(() => making.delete(volume));
    making.set(volume, made);
  }
  await made;
}

/** Keeps the directory's outputFiles as they are now (replacing the last keep) and counts the task. */
async function keepOutputFiles(session: ExecutionSession, wd: StoredRun): Promise<void> {
  const globs = ((session.tasks.get(wd.taskId) as { outputFiles?: string[] } | undefined)?.outputFiles ?? []).map(
    String,
  );
  let uris: Record<string, unknown> | undefined;
  try {
    uris = (await collectOutputFiles(session, wd, globs, false)).outputFiles as Record<string, unknown> | undefined;
  } catch (err) {
    const message = `the WorkingDirectory's outputFiles could not be kept: ${err instanceof Error ? err.message : String(err)}`;
    session.writer.append({ taskRunId: wd.id, taskId: wd.taskId, stream: "system", level: "ERROR", message });
    await session.writer.flush().catch(() => undefined);
  }
  await session.deps.db.workingDirectoryHost.update({
    where: { taskRunId: wd.id },
    data: { collected: { increment: 1 }, ...(uris ? { outputFiles: JSON.stringify(uris) } : {}) },
  });
}

/** Removes the volumes of WorkingDirectories this worker hosted that have ended (or are gone). */
export async function removeEndedWorkingVolumes(deps: ExecutorDeps, name: string): Promise<void> {
  const { Volumes } = await deps.docker.listVolumes({
    filters: { label: [`${LABEL_MANAGED}=true`, `${LABEL_INSTANCE}=${deps.instance}`, `${LABEL_OWNER}=${name}`] },
  });
  const byRun = new Map<string, string>();
  for (const v of Volumes ?? []) {
    const id = v.Labels?.[LABEL_TASK_RUN];
    if (id && v.Name === workingVolumeName(id)) byRun.set(id, v.Name);
  }
  if (byRun.size === 0) return;
  const live = await deps.db.taskRun.findMany({
    where: { id: { in: [...byRun.keys()] } },
    select: { id: true, state: true },
  });
  const going = new Set(live.filter((r) => !isTerminalState(r.state)).map((r) => r.id));
  await Promise.all(
    [...byRun]
      .filter(([id]) => !going.has(id))
      .map(([, volume]) => removeWorkingVolume(deps.docker, volume).catch(() => undefined)),
  );
}
