import type Docker from "dockerode";
import { PassThrough } from "node:stream";
import { LineSplitter } from "../../logs/line-splitter";
import type { ContainerSpec } from "../script-spec";
import { DockerError, engineMessage, statusCodeOf } from "./docker-error";
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
}

/**
 * Runs one container to its end: pull per policy, create, copy files in, attach, start, stream
 * lines, wait, and always remove it. AutoRemove is not used: it races the wait.
 */
export async function runContainer(docker: Docker, spec: ContainerSpec, hooks: RunContainerHooks): Promise<ContainerResult> {
  await ensureImage(docker, spec.image, spec.pullPolicy, hooks.onSystem);
  hooks.signal?.throwIfAborted();
  let container: Docker.Container;
  try {
    container = await docker.createContainer({
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
      HostConfig: { AutoRemove: false },
    });
  } catch (err) {
    throw new DockerError(`cannot create a container from ${spec.image}: ${engineMessage(err)}`, {
      image: spec.image,
      statusCode: statusCodeOf(err),
    });
  }
  const containerId = container.id;
  const onAbort = () => {
    container.kill().catch(() => undefined); // already stopped is fine: remove follows
  };
  try {
    await hooks.onContainerCreated?.(containerId);
    await putFiles(container, spec.workingDir, spec.files);
    const attached = await container.attach({ stream: true, stdout: true, stderr: true });
    const outputDone = pipeLines(docker, attached, hooks);
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
    return { exitCode: StatusCode, containerId };
  } finally {
    hooks.signal?.removeEventListener("abort", onAbort);
    await container.remove({ force: true, v: true }).catch((err: unknown) => {
      if (statusCodeOf(err) !== 404) hooks.onSystem(`could not remove container ${containerId.slice(0, 12)}: ${engineMessage(err)}`);
    });
  }
}

/** Demultiplexes the attach stream into stdout and stderr lines, pausing it when the consumer is full. */
function pipeLines(docker: Docker, attached: NodeJS.ReadWriteStream, hooks: RunContainerHooks): Promise<void> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const splitters = { stdout: new LineSplitter(), stderr: new LineSplitter() };
  let paused = false;
  const deliver = (stream: "stdout" | "stderr", chunk: Buffer) => {
    let full = false;
    for (const line of splitters[stream].push(chunk)) full = !hooks.onLine(stream, line) || full;
    if (full && !paused) {
      paused = true;
      attached.pause();
      hooks.drained().then(() => {
        paused = false;
        attached.resume();
      });
    }
  };
  stdout.on("data", (c: Buffer) => deliver("stdout", c));
  stderr.on("data", (c: Buffer) => deliver("stderr", c));
  docker.modem.demuxStream(attached, stdout, stderr);
  // When the attach stream ends, end both sides and wait until every chunk was delivered.
  const ended = (s: PassThrough) => new Promise<void>((resolve) => s.once("end", resolve));
  const allDelivered = Promise.all([ended(stdout), ended(stderr)]);
  let closed = false;
  const close = () => {
    if (closed) return;
    closed = true;
    stdout.end();
    stderr.end();
  };
  attached.on("end", close);
  attached.on("close", close);
  attached.on("error", close);
  return allDelivered.then(() => {
    for (const line of splitters.stdout.flush()) hooks.onLine("stdout", line);
    for (const line of splitters.stderr.flush()) hooks.onLine("stderr", line);
  });
}
