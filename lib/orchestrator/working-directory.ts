import { ancestorsOf } from "../engine/run-variables";
import { OutputFileSink } from "../files/output-file-sink";
import { discardOutputFiles, saveOutputFiles } from "../files/output-files";
import { containerLabels, LABEL_EXECUTION } from "../runner/docker/labels";
import {
  collectFromWorkingVolume,
  createWorkingVolume,
  removeWorkingVolume,
  workingVolumeName,
} from "../runner/docker/working-volume";
import { defaultImageFor } from "../task-runs/default-image";
import type { ExecutionSession } from "../task-runs/execution-session";
import { runsById, type StoredRun } from "../task-runs/stored-run";
import type { TNamespaceFiles } from "../flow/task-types/common";
import { loadNamespaceFiles } from "../namespace-files/load-namespace-files";
import { resolveInputFiles } from "../tasks/resolve-input-files";
import { outputFilesKeptOnWorker } from "./working-directory-close";
import { restoreCache, saveCache } from "./working-directory-cache";

export const WORKING_DIRECTORY_TYPE = "io.kestra.plugin.core.flow.WorkingDirectory";

/** The nearest WorkingDirectory task run around a task run, if it is in one. */
export function workingDirectoryRunOf(
  session: Pick<ExecutionSession, "tasks">,
  run: StoredRun,
  runs: readonly StoredRun[],
): StoredRun | undefined {
  return ancestorsOf(run, runsById(runs)).find((p) => session.tasks.get(p.taskId)?.type === WORKING_DIRECTORY_TYPE);
}

/** The volume of the nearest WorkingDirectory around a task run, if it is in one. */
export function workingVolumeOf(
  session: ExecutionSession,
  run: StoredRun,
  runs: readonly StoredRun[],
): string | undefined {
  const around = workingDirectoryRunOf(session, run, runs);
  return around ? workingVolumeName(around.id) : undefined;
}

/**
 * Whether a WorkingDirectory runs on a worker: a web server (OSPREY_ROLE=web) runs no containers, so
 * its volume is made on the worker all its tasks go to (lib/worker/working-directory-on-worker.ts).
 */
export function runsOnWorker(session: Pick<ExecutionSession, "deps">): boolean {
  return session.deps.config.OSPREY_ROLE === "web";
}

const labelsFor = (session: ExecutionSession, run: StoredRun) =>
  containerLabels({
    instance: session.deps.instance,
    owner: session.deps.config.OSPREY_WORKER_NAME,
    executionId: session.execution.id,
    taskRunId: run.id,
    taskId: run.taskId,
  });

type WorkingFiles = { inputFiles?: Record<string, string> | string; namespaceFiles?: TNamespaceFiles };

/**
 * Opens a WorkingDirectory: its volume, with its (rendered) `inputFiles` and `namespaceFiles` written
 * in. On a web server, nothing here: the worker its tasks go to makes the volume on its engine.
 */
export async function openWorkingDirectory(
  session: ExecutionSession,
  run: StoredRun,
  rendered: WorkingFiles,
): Promise<void> {
  if (runsOnWorker(session)) return;
  await createWorkingDirectoryVolume(session, run, rendered);
}

/** Makes a WorkingDirectory's volume on this process's engine, its files written in. */
export async function createWorkingDirectoryVolume(
  session: ExecutionSession,
  run: StoredRun,
  rendered: WorkingFiles,
): Promise<void> {
  const { deps } = session;
  const given = await resolveInputFiles(deps, session.execution.id, rendered.inputFiles);
  const { files, notes } = await loadNamespaceFiles(deps, session.execution.namespace, rendered.namespaceFiles, given);
  for (const { level, message } of notes)
    session.writer.append({ taskRunId: run.id, taskId: run.taskId, stream: "system", level, message });
  // The cache first: the directory's own inputFiles and namespaceFiles win over it.
  const cached = await restoreCache(session, run);
  await createWorkingVolume(
    deps.docker,
    workingVolumeName(run.id),
    labelsFor(session, run),
    defaultImageFor("shell", deps.config),
    [...cached, ...Object.entries(files).map(([path, content]) => ({ path, content }))],
  );
}

/**
 * Closes a WorkingDirectory once its tasks ended: its `outputFiles` are kept (as Kestra's
 * `outputs.<id>.outputFiles`), then its volume is removed. Returns its outputs. On a web server the
 * worker that ran its tasks kept them (and removes the volume): this waits for its last keep.
 */
export async function closeWorkingDirectory(
  session: ExecutionSession,
  run: StoredRun,
  outputFiles: string[],
): Promise<Record<string, unknown>> {
  if (runsOnWorker(session)) return outputFilesKeptOnWorker(session, run, outputFiles);
  return collectOutputFiles(session, run, outputFiles, true);
}

/**
 * Keeps a WorkingDirectory's `outputFiles` from its volume on this process's engine (replacing those
 * kept before: a worker keeps them after each of its tasks), and removes the volume when `close`.
 */
export async function collectOutputFiles(
  session: ExecutionSession,
  run: StoredRun,
  outputFiles: string[],
  close: boolean,
): Promise<Record<string, unknown>> {
  const { deps } = session;
  const volume = workingVolumeName(run.id);
  const owner = { executionId: session.execution.id, taskRunId: run.id, taskId: run.taskId };
  const image = defaultImageFor("shell", deps.config);
  try {
    await saveCache(session, run, (globs, sink) =>
      collectFromWorkingVolume(deps.docker, volume, image, labelsFor(session, run), globs, sink),
    ).catch((err: unknown) =>
      session.writer.append({
        taskRunId: run.id,
        taskId: run.taskId,
        stream: "system",
        level: "WARN",
        message: `the WorkingDirectory's cache could not be kept: ${err instanceof Error ? err.message : String(err)}`,
      }),
    );
    if (outputFiles.length === 0) return {};
    if (!close) await discardOutputFiles(deps, owner);
    const sink = new OutputFileSink(deps.storage, owner, {
      maxFileBytes: deps.config.OSPREY_MAX_OUTPUT_FILE_BYTES,
      maxTaskBytes: deps.config.OSPREY_MAX_OUTPUT_BYTES_PER_TASK,
    });
    try {
      await collectFromWorkingVolume(deps.docker, volume, image, labelsFor(session, run), outputFiles, sink);
    } catch (err) {
      await discardOutputFiles(deps, owner).catch(() => undefined);
      throw err;
    }
    return { outputFiles: await saveOutputFiles(deps.db, owner, sink.stored()) };
  } finally {
    if (close) await removeWorkingVolume(deps.docker, volume);
  }
}

/** Removes every WorkingDirectory volume an execution left (a kill, a failure while opening one). */
export async function removeExecutionVolumes(session: Pick<ExecutionSession, "deps" | "execution">): Promise<void> {
  const { Volumes } = await session.deps.docker.listVolumes({
    filters: { label: [`${LABEL_EXECUTION}=${session.execution.id}`] },
  });
  await Promise.all(
    (Volumes ?? []).map((v) => removeWorkingVolume(session.deps.docker, v.Name).catch(() => undefined)),
  );
}
