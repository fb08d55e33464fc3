import type Docker from "dockerode";
import type { ContainerSpec } from "../script-spec";
import type { FileSink } from "../file-sink";
import { type OutputLine, OutputLineSplitter } from "../output-lines";
import { collectFiles } from "./collect-files";
import { type ContainerUsage, watchUsage } from "./container-usage";
import { DockerError, engineMessage, statusCodeOf } from "./docker-error";
import { FrameDecoder } from "./frame-decoder";
import { ensureImage } from "./pull-image";
import { putFiles } from "./put-files";

export interface RunContainerHooks {
  labels: Record<string, string>;
  /** A line of the container's output (or only the size of a `::{…}::` line past
   *  `maxProtocolLineBytes`). Return false to ask for backpressure. */
  onLine: (stream: "stdout" | "stderr", line: OutputLine) => boolean;
  /** Longest `::{…}::` line kept on stdout (OSPREY_MAX_OUTPUTS_LINE_BYTES); other lines are cut at 64 KB. */
  maxProtocolLineBytes: number;
  /** Resolves when the consumer can take more lines. */
  drained: () => Promise<void>;
  /** Osprey's own messages about the run (pull progress, container id). */
  onSystem: (message: string) => void;
  onContainerCreated?: (containerId: string) => void | Promise<void>;
  /** Receives the output files after the run: `outputFiles` matches from the working directory,
   *  and everything in the output directory, each streamed as it is read. */
  files: FileSink;
  signal?: AbortSignal;
  /** Aborted when another process took the task run over (it reattached to this container): the
   *  run lets go at once, stops reading, and neither kills nor removes the container. */
  detach?: AbortSignal;
  /** Asked before the files are collected and the container removed: false when another process
   *  holds the task run now (this one was frozen past its lease), which then does both itself. */
  stillHeld?: () => Promise<boolean>;
}

/** A run that let go of its container to the process that took its task run over. */
export class ContainerReleased extends Error {
  constructor(containerId: string) {
    super(`container ${containerId.slice(0, 12)} was left to the process that took this task run over`);
    this.name = "ContainerReleased";
  }
}

export interface ContainerResult {
  exitCode: number;
  containerId: string;
  /** Peak memory and CPU time from the engine's stats, when it gave a sample before the end. */
  usage?: ContainerUsage;
}

/**
 * Runs one container to its end: pull per policy, create, copy files in, attach, start, stream
 * lines, wait, and always remove it. AutoRemove is not used: it races the wait.
 */
export async function runContainer(
  docker: Docker,
  spec: ContainerSpec,
  hooks: RunContainerHooks,
): Promise<ContainerResult> {
  hooks.signal?.throwIfAborted();
  const container = await createFromImage(docker, spec, hooks);
  const streams = new Set<NodeJS.ReadableStream>();
  return superviseContainer(
    container,
    spec,
    hooks,
    async () => {
      await hooks.onContainerCreated?.(container.id);
      // Docker creates WorkingDir itself; an archive is needed only for files, for a directory a
      // non-root user can write, or for the output directory.
      if (spec.files.length > 0 || spec.user || spec.usesOutputDir) {
        await putFiles(
          container,
          spec.usesOutputDir ? [spec.workingDir, spec.outputDir] : [spec.workingDir],
          spec.files,
        );
      }
      const attached = await container.attach({ stream: true, stdout: true, stderr: true });
      const outputDone = pipeLines(attached, hooks, { stdout: 0, stderr: 0 });
      streams.add(attached);
      hooks.signal?.throwIfAborted();
      try {
        await container.start();
      } catch (err) {
        throw new DockerError(`container from ${spec.image} did not start: ${engineMessage(err)}`, {
          image: spec.image,
          containerId: container.id,
          statusCode: statusCodeOf(err),
        });
      }
      return { outputDone };
    },
    streams,
  );
}

/**
 * Reattaches to a task's container after a server restart (Kestra's `resume`): its log is read
 * again from the start, the first `skip` raw lines of each stream (already stored) are passed
 * over, and the run goes on to its end as if the server had never stopped.
 */
export async function resumeContainer(
  docker: Docker,
  containerId: string,
  spec: ContainerSpec,
  hooks: RunContainerHooks,
  skip: { stdout: number; stderr: number },
): Promise<ContainerResult> {
  const container = docker.getContainer(containerId);
  const streams = new Set<NodeJS.ReadableStream>();
  return superviseContainer(
    container,
    spec,
    hooks,
    async () => {
      const logs = (await container.logs({
        follow: true,
        stdout: true,
        stderr: true,
      })) as unknown as NodeJS.ReadableStream;
      streams.add(logs);
      hooks.onSystem(`Reattached to container ${containerId.slice(0, 12)} after a server restart`);
      return { outputDone: pipeLines(logs, hooks, skip) };
    },
    streams,
  );
}

/** Kill on abort, wait, collect files, always remove: what every container run ends with. */
async function superviseContainer(
  container: Docker.Container,
  spec: ContainerSpec,
  hooks: RunContainerHooks,
  /** Connects the output (attach or log) and starts what needs starting; resolves once it runs. */
  begin: () => Promise<{ outputDone: Promise<void> }>,
  /** The output streams `begin` opened: closed when the run lets go. */
  streams: Set<NodeJS.ReadableStream>,
): Promise<ContainerResult> {
  const containerId = container.id;
  const result: Partial<ContainerResult> = {};
  // Taken over: every wait below ends at once, and the container is left as it is.
  let released = false;
  const letGo = new Promise<never>((_, reject) => {
    const go = () => {
      released = true;
      reject(new ContainerReleased(containerId));
    };
    if (hooks.detach?.aborted) go();
    else hooks.detach?.addEventListener("abort", go, { once: true });
  });
  letGo.catch(() => undefined);
  let usage: ReturnType<typeof watchUsage> | undefined;
  const unlessReleased = <T>(step: Promise<T>): Promise<T> => (hooks.detach ? Promise.race([step, letGo]) : step);
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
    hooks.signal?.addEventListener("abort", onAbort, { once: true });
    const { outputDone } = await unlessReleased(begin());
    usage = watchUsage(container);
    const { StatusCode } = (await unlessReleased(container.wait())) as { StatusCode: number };
    result.usage = await usage.stop();
    await unlessReleased(outputDone);
    hooks.signal?.throwIfAborted();
    if (hooks.stillHeld && !(await hooks.stillHeld())) {
      released = true;
      throw new ContainerReleased(containerId);
    }
    await collectFiles(container, spec.workingDir, spec.outputFiles, hooks.files);
    if (spec.usesOutputDir) await collectFiles(container, spec.outputDir, "all", hooks.files);
    return { ...result, exitCode: StatusCode, containerId };
  } finally {
    clearTimeout(graceTimer);
    hooks.signal?.removeEventListener("abort", onAbort);
    if (released) {
      void usage?.stop();
      for (const stream of streams) (stream as { destroy?: () => void }).destroy?.();
    } else if (!spec.deleteAfter && !hooks.signal?.aborted) {
      hooks.onSystem(`Container ${containerId.slice(0, 12)} kept (docker.delete: false)`);
    } else
      await container.remove({ force: true, v: true }).catch((err: unknown) => {
        if (statusCodeOf(err) !== 404)
          hooks.onSystem(`could not remove container ${containerId.slice(0, 12)}: ${engineMessage(err)}`);
      });
  }
}

/**
 * Creates the container, pulling as the policy says. With IF_NOT_PRESENT (and LOCAL_ONLY) the
 * create is tried first and a pull happens only on "no such image": one engine round trip less per task.
 */
async function createFromImage(
  docker: Docker,
  spec: ContainerSpec,
  hooks: RunContainerHooks,
): Promise<Docker.Container> {
  if (spec.pullPolicy === "ALWAYS" || spec.pullPolicy === "NEVER")
    await ensureImage(docker, spec.image, spec.pullPolicy, hooks.onSystem, spec.auth);
  const options: Docker.ContainerCreateOptions = {
    Image: spec.image,
    Entrypoint: spec.entrypoint,
    Cmd: spec.cmd.length ? spec.cmd : undefined,
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
    if (statusCodeOf(err) === 404 && (spec.pullPolicy === "IF_NOT_PRESENT" || spec.pullPolicy === "LOCAL_ONLY")) {
      // A local-only image is never pulled: ensureImage refuses it when it is missing.
      await ensureImage(
        docker,
        spec.image,
        spec.pullPolicy === "LOCAL_ONLY" ? "LOCAL_ONLY" : "ALWAYS",
        hooks.onSystem,
        spec.auth,
      );
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

/**
 * Splits a multiplexed stream into stdout and stderr lines, pausing it while the consumer is full.
 * The first `skip` lines of each stream are passed over (they were stored before a restart).
 */
function pipeLines(
  attached: NodeJS.ReadableStream,
  hooks: RunContainerHooks,
  skip: { stdout: number; stderr: number },
): Promise<void> {
  const decoder = new FrameDecoder();
  // Kestra reads `::{…}::` on stdout only here (stderr lines are all text).
  const splitters = {
    stdout: new OutputLineSplitter({ maxProtocolBytes: hooks.maxProtocolLineBytes }),
    stderr: new OutputLineSplitter({ maxProtocolBytes: 0 }),
  };
  const toSkip = { ...skip };
  const deliver = (stream: "stdout" | "stderr", line: OutputLine): boolean => {
    if (toSkip[stream] > 0) {
      toSkip[stream]--;
      return true;
    }
    return hooks.onLine(stream, line);
  };
  let paused = false;
  attached.on("data", (chunk: Buffer) => {
    let full = false;
    for (const frame of decoder.push(chunk)) {
      for (const line of splitters[frame.stream].push(frame.payload)) full = !deliver(frame.stream, line) || full;
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
    for (const line of splitters.stdout.flush()) deliver("stdout", line);
    for (const line of splitters.stderr.flush()) deliver("stderr", line);
  });
}
