import type Docker from "dockerode";
import { LineSplitter } from "../../logs/line-splitter";
import type { ContainerSpec } from "../script-spec";
import { type CollectedFile, collectFiles } from "./collect-files";
import { DockerError, engineMessage, statusCodeOf } from "./docker-error";
import { FrameDecoder } from "./frame-decoder";
import { ensureImage } from "./pull-image";
import { putFiles } from "./put-files";

export interface RunContainerHooks {
  labels: Record<string, string>;
  /** A line of the container's output. Return false to ask for backpressure. */
  onLine: (stream: "stdout" | "stderr", line: string) => boolean;
  /** Resolves when the consumer can take more lines. */
  drained: () => Promise<void>;
  /** Osprey's own messages about the run (pull progress, container id). */
  onSystem: (message: string) => void;
  onContainerCreated?: (containerId: string) => void | Promise<void>;
  signal?: AbortSignal;
}

export interface ContainerResult {
  exitCode: number;
  containerId: string;
  /** `outputFiles` matches from the working directory, and everything in the output directory. */
  files: CollectedFile[];
}

/**
 * Runs one container to its end: pull per policy, create, copy files in, attach, start, stream
 * lines, wait, and always remove it. AutoRemove is not used: it races the wait.
 */
export async function runContainer(docker: Docker, spec: ContainerSpec, hooks: RunContainerHooks): Promise<ContainerResult> {
  hooks.signal?.throwIfAborted();
  const container = await createFromImage(docker, spec, hooks);
  const containerId = container.id;
  let graceTimer: NodeJS.Timeout | undefined;
  const onAbort = () => {
    // With a grace period, SIGTERM first so the task can clean up; SIGKILL after it.
    // Errors mean the container already stopped: remove follows either way.
    if (spec.killGraceMs > 0) {
      container.kill({ signal: "SIGTERM" }).catch(() => undefined);
      graceTimer = setTimeout(() => container.kill().catch(() => undefined), spec.killGraceMs);
    } else container.kill().catch(() => undefined);
  };
  try {
    await hooks.onContainerCreated?.(containerId);
    await putFiles(container, [spec.workingDir, spec.outputDir], spec.files);
    const attached = await container.attach({ stream: true, stdout: true, stderr: true });
    const outputDone = pipeLines(attached, hooks);
    hooks.signal?.addEventListener("abort", onAbort, { once: true });
    hooks.signal?.throwIfAborted();
    try {
      await container.start();
    } catch (err) {
      throw new DockerError(`container from ${spec.image} did not start: ${engineMessage(err)}`, {
        image: spec.image,
        containerId,
        statusCode: statusCodeOf(err),
      });
    }
    const { StatusCode } = (await container.wait()) as { StatusCode: number };
    await outputDone;
    hooks.signal?.throwIfAborted();
    const files = [
      ...(await collectFiles(container, spec.workingDir, spec.outputFiles)),
      ...(await collectFiles(container, spec.outputDir, "all")),
    ];
    return { exitCode: StatusCode, containerId, files };
  } finally {
    clearTimeout(graceTimer);
    hooks.signal?.removeEventListener("abort", onAbort);
    if (!spec.deleteAfter && !hooks.signal?.aborted) {
      hooks.onSystem(`Container ${containerId.slice(0, 12)} kept (docker.delete: false)`);
    } else await container.remove({ force: true, v: true }).catch((err: unknown) => {
      if (statusCodeOf(err) !== 404) hooks.onSystem(`could not remove container ${containerId.slice(0, 12)}: ${engineMessage(err)}`);
    });
  }
}

/**
 * Creates the container, pulling as the policy says. With IF_NOT_PRESENT the create is tried
 * first and a pull happens only on "no such image": one engine round trip less per task.
 */
async function createFromImage(docker: Docker, spec: ContainerSpec, hooks: RunContainerHooks): Promise<Docker.Container> {
  if (spec.pullPolicy !== "IF_NOT_PRESENT") await ensureImage(docker, spec.image, spec.pullPolicy, hooks.onSystem, spec.auth);
  const options: Docker.ContainerCreateOptions = {
    Image: spec.image,
    Entrypoint: spec.entrypoint,
    Cmd: spec.cmd,
    Env: Object.entries(spec.env).map(([k, v]) => `${k}=${v}`),
    User: spec.user,
    WorkingDir: spec.workingDir,
    Labels: hooks.labels,
    Tty: false,
    AttachStdout: true,
    AttachStderr: true,
    HostConfig: spec.hostConfig,
    ExposedPorts: spec.exposedPorts,
  };
  try {
    return await docker.createContainer(options);
  } catch (err) {
    if (statusCodeOf(err) === 404 && spec.pullPolicy === "IF_NOT_PRESENT") {
      await ensureImage(docker, spec.image, "ALWAYS", hooks.onSystem, spec.auth);
      return docker.createContainer(options).catch((again: unknown) => {
        throw createError(spec, again);
      });
    }
    throw createError(spec, err);
  }
}

function createError(spec: ContainerSpec, err: unknown): DockerError {
  return new DockerError(`cannot create a container from ${spec.image}: ${engineMessage(err)}`, {
    image: spec.image,
    statusCode: statusCodeOf(err),
  });
}

/** Splits the attach stream into stdout and stderr lines, pausing it while the consumer is full. */
function pipeLines(attached: NodeJS.ReadWriteStream, hooks: RunContainerHooks): Promise<void> {
  const decoder = new FrameDecoder();
  const splitters = { stdout: new LineSplitter(), stderr: new LineSplitter() };
  let paused = false;
  attached.on("data", (chunk: Buffer) => {
    let full = false;
    for (const frame of decoder.push(chunk)) {
      for (const line of splitters[frame.stream].push(frame.payload)) full = !hooks.onLine(frame.stream, line) || full;
    }
    if (full && !paused) {
      paused = true;
      attached.pause();
      void hooks.drained().then(() => {
        paused = false;
        attached.resume();
      });
    }
  });
  return new Promise<void>((resolve) => {
    attached.once("end", resolve);
    attached.once("close", resolve);
    attached.once("error", resolve);
  }).then(() => {
    for (const line of splitters.stdout.flush()) hooks.onLine("stdout", line);
    for (const line of splitters.stderr.flush()) hooks.onLine("stderr", line);
  });
}
