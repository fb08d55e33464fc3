import type Docker from "dockerode";
import { WORKING_DIR } from "../script-spec";
import type { FileSink } from "../file-sink";
import { collectFiles } from "./collect-files";
import { engineMessage, statusCodeOf } from "./docker-error";
import { type FileToPut, putFiles } from "./put-files";

/** The Docker volume a WorkingDirectory's tasks share: named after its task run, so any process can find it. */
export function workingVolumeName(taskRunId: string): string {
  return `osprey-wd-${taskRunId}`;
}

/** The mount every container of the WorkingDirectory gets: its volume as the working directory. */
export function workingVolumeMount(volume: string): Docker.MountSettings {
  return { Type: "volume", Source: volume, Target: WORKING_DIR };
}

/**
 * A WorkingDirectory's shared directory: a Docker volume on the engine (so a remote DOCKER_HOST
 * works and no host folder is shared), filled and read through a container that is created, never
 * started, and removed: files move through the Docker API as for every task.
 */
export async function createWorkingVolume(
  docker: Docker,
  volume: string,
  labels: Record<string, string>,
  image: string,
  files: FileToPut[],
): Promise<void> {
  await docker.createVolume({ Name: volume, Labels: labels });
  if (files.length > 0)
    await withVolumeContainer(docker, volume, image, labels, (c) => putFiles(c, [WORKING_DIR], files));
}

/** Writes files into an existing shared directory (Kestra's LocalFiles inside a WorkingDirectory). */
export async function putIntoWorkingVolume(
  docker: Docker,
  volume: string,
  image: string,
  labels: Record<string, string>,
  files: FileToPut[],
): Promise<void> {
  if (files.length > 0)
    await withVolumeContainer(docker, volume, image, labels, (c) => putFiles(c, [WORKING_DIR], files));
}

/** Copies files matching `globs` out of the shared directory into `sink`. */
export async function collectFromWorkingVolume(
  docker: Docker,
  volume: string,
  image: string,
  labels: Record<string, string>,
  globs: string[],
  sink: FileSink,
): Promise<void> {
  if (globs.length === 0) return;
  await withVolumeContainer(docker, volume, image, labels, (c) => collectFiles(c, WORKING_DIR, globs, sink));
}

export async function removeWorkingVolume(docker: Docker, volume: string): Promise<void> {
  await docker
    .getVolume(volume)
    .remove({ force: true })
    .catch((err: unknown) => {
      if (statusCodeOf(err) !== 404) throw new Error(`could not remove volume ${volume}: ${engineMessage(err)}`);
    });
}

async function withVolumeContainer<T>(
  docker: Docker,
  volume: string,
  image: string,
  labels: Record<string, string>,
  use: (c: Docker.Container) => Promise<T>,
): Promise<T> {
  const container = await docker.createContainer({
    Image: image,
    Cmd: ["true"],
    Labels: labels,
    HostConfig: { Mounts: [workingVolumeMount(volume)] },
  });
  try {
    return await use(container);
  } finally {
    await container.remove({ force: true, v: false }).catch(() => undefined);
  }
}
