import type { ContainerUsage } from "../runner/docker/container-usage";
import type { ScriptTaskDefinition } from "../flow/task-types/script-language";
import { LOG_LEVELS, type TLogLevel } from "../flow/task-types/log";
import { OutputFileSink } from "../files/output-file-sink";
import { discardOutputFiles, saveOutputFiles } from "../files/output-files";
import { engineIdOf } from "../runner/docker/engine-id";
import { containerLabels } from "../runner/docker/labels";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { resumeContainer, type RunContainerHooks, runContainer } from "../runner/docker/run-container";
import { runProcess } from "../runner/process/run-process";
import { oversizedLineError, parseProtocolLine, ProtocolLineError } from "../runner/output-protocol";
import {
  buildContainerSpec,
  type ContainerSpec,
  runnerUnderPolicy,
  type ScriptTaskInput,
  SpecError,
} from "../runner/script-spec";
import { workingVolumeMount } from "../runner/docker/working-volume";
import { toBool } from "../values/values";
import { defaultImageFor } from "../task-runs/default-image";
import { hostPolicy } from "../runner/host-policy";
import { loadNamespaceFiles } from "../namespace-files/load-namespace-files";
import type { TNamespaceFiles } from "../flow/task-types/common";
import { resolveInputFiles } from "./resolve-input-files";
import { writeHeld } from "../task-runs/task-run-lease";
import { log, type TaskContext, type TaskOutcome } from "./task-context";
import { State } from "../states/states";

/** A script task in its own container: Kestra's semantics for outputs, files and stderr. */
/** A container to reattach to instead of starting one (after a server restart). */
export interface ResumePoint {
  containerId: string;
  skip: { stdout: number; stderr: number };
  vars: Record<string, unknown>;
}

export async function runScriptTask(
  ctx: TaskContext,
  def: ScriptTaskDefinition,
  task: ScriptTaskInput & {
    inputFiles?: Record<string, string> | string;
    warningOnStdErr?: boolean | string;
    namespaceFiles?: TNamespaceFiles;
  },
  resume?: ResumePoint,
): Promise<TaskOutcome> {
  const { deps } = ctx;
  const { config } = deps;
  // A CLI plugin's own properties become env, files and commands first.
  if (def.adapt) task = def.adapt(task as Record<string, unknown>) as typeof task;
  const inputFiles = await withNamespaceFiles(
    ctx,
    task.namespaceFiles,
    await resolveInputFiles(deps, ctx.executionId, task.inputFiles),
  );
  const policy = hostPolicy(config);
  const processDir =
    runnerUnderPolicy(task, policy).kind === "PROCESS" ? await mkdtemp(join(tmpdir(), "osprey-process-")) : null;
  try {
    const dirs = processDir
      ? { workingDir: join(processDir, "wd"), outputDir: join(processDir, "outputs") }
      : undefined;
    const spec = buildContainerSpec(
      task,
      def.language,
      def.defaultImage ?? defaultImageFor(def.language.family, config),
      policy,
      inputFiles,
      dirs,
    );
    if (ctx.workingVolume) shareWorkingDirectory(spec, ctx.workingVolume);
    if (spec.notice) log(ctx, spec.notice, "INFO", "system");
    return withTopLevelOutputs(await runSpec(ctx, spec, task, resume), def.topLevelOutputs);
  } finally {
    if (processDir) await rm(processDir, { recursive: true, force: true });
  }
}

async function runSpec(
  ctx: TaskContext,
  spec: ContainerSpec,
  task: { warningOnStdErr?: boolean | string },
  resume?: ResumePoint,
): Promise<TaskOutcome> {
  const { deps } = ctx;
  const docker = spec.dockerHost ? (deps.dockerFor?.(spec.dockerHost) ?? deps.docker) : deps.docker;
  const vars: Record<string, unknown> = { ...(resume?.vars ?? {}) };
  const metrics: unknown[] = [];
  let stderrLines = 0;
  // Raw lines consumed per stream, stored with each chunk so a restart resumes right after them.
  const raw = { ...(resume?.skip ?? { stdout: 0, stderr: 0 }) };
  const owner = { executionId: ctx.executionId, taskRunId: ctx.taskRunId, taskId: ctx.taskId };
  const files = new OutputFileSink(deps.storage, owner, {
    maxFileBytes: deps.config.OSPREY_MAX_OUTPUT_FILE_BYTES,
    maxTaskBytes: deps.config.OSPREY_MAX_OUTPUT_BYTES_PER_TASK,
  });
  const emit = (message: string, level: TLogLevel, stream: "stdout" | "stderr") =>
    ctx.writer.append({ taskRunId: ctx.taskRunId, taskId: ctx.taskId, stream, level, message, raw });
  // A `::{…}::` line past a limit lost its data: said in the log where it was, and the task fails once its container ends.
  let refusedLine: string | undefined;
  const refuse = (err: ProtocolLineError, stream: "stdout" | "stderr") => {
    refusedLine ??= err.message;
    return emit(err.message, "ERROR", stream);
  };
  const hooks: RunContainerHooks = {
    labels: containerLabels({
      instance: deps.instance,
      owner: deps.config.OSPREY_WORKER_NAME,
      executionId: ctx.executionId,
      taskRunId: ctx.taskRunId,
      taskId: ctx.taskId,
    }),
    signal: ctx.signal,
    detach: ctx.detach,
    // Before the files and the removal: still this process's (not taken over while it was frozen)?
    stillHeld: async () =>
      !ctx.detach?.aborted &&
      (await deps.db.taskRun.count({ where: { id: ctx.taskRunId, workerId: deps.config.OSPREY_WORKER_NAME } })) === 1,
    files,
    drained: () => ctx.writer.drained(),
    onSystem: (message) => log(ctx, message, "INFO", "system"),
    onContainerCreated: async (containerId) => {
      // Its engine too: a worker that takes the task run over reattaches only on the same engine.
      const engine = await engineIdOf(docker).catch(() => null);
      await writeHeld(deps.db, ctx.taskRunId, deps.config.OSPREY_WORKER_NAME, { containerId, engine });
      log(ctx, `Container ${containerId.slice(0, 12)} created from ${spec.image}`, "DEBUG", "system");
    },
    maxProtocolLineBytes: deps.config.OSPREY_MAX_OUTPUTS_LINE_BYTES,
    onLine: (stream, line) => {
      raw[stream]++;
      if (typeof line !== "string") return refuse(oversizedLineError(line), stream);
      // Kestra reads `::{…}::` on both streams (its Python logger writes WARN and ERROR to stderr).
      if (stream === "stderr") stderrLines++;
      let protocol: ReturnType<typeof parseProtocolLine>;
      try {
        protocol = parseProtocolLine(line);
      } catch (err) {
        if (err instanceof ProtocolLineError) return refuse(err, stream);
        throw err;
      }
      if (!protocol) return emit(line, stream === "stderr" ? "WARN" : "INFO", stream);
      if (protocol.outputs) {
        Object.assign(vars, protocol.outputs);
        // Kept as they arrive, so a resumed run still has the outputs printed before a restart.
        void writeHeld(deps.db, ctx.taskRunId, deps.config.OSPREY_WORKER_NAME, {
          outputs: ctx.mask(JSON.stringify({ vars })),
        }).catch(() => undefined);
      }
      metrics.push(...(protocol.metrics ?? []));
      let ok = true;
      for (const l of protocol.logs ?? []) ok = emit(String(l.message ?? ""), toLevel(l.level), stream) && ok;
      return ok;
    },
  };
  let result: { exitCode: number; usage?: ContainerUsage };
  let outputFiles: Record<string, string>;
  try {
    result =
      spec.runner === "PROCESS"
        ? await runProcess(spec, hooks)
        : resume
          ? await resumeContainer(docker, resume.containerId, spec, hooks, resume.skip)
          : await runContainer(docker, spec, hooks);
    outputFiles = await saveOutputFiles(deps.db, owner, files.stored());
    if (result.usage)
      await deps.db.taskRun.updateMany({
        where: { id: ctx.taskRunId, workerId: deps.config.OSPREY_WORKER_NAME },
        data: { memoryPeakBytes: result.usage.memoryPeakBytes, cpuSeconds: result.usage.cpuSeconds },
      });
  } catch (err) {
    // A cap passed or the run broke off: keep no half set of files.
    await discardOutputFiles(deps, owner).catch((cleanup: unknown) =>
      log(ctx, `could not remove this task's stored files: ${String(cleanup)}`, "WARN", "system"),
    );
    throw err;
  }
  const outputs = { vars, outputFiles, exitCode: result.exitCode, metrics };
  if (result.exitCode !== 0)
    return {
      state: State.FAILED,
      exitCode: result.exitCode,
      error: `command exited with code ${result.exitCode}`,
      outputs,
    };
  if (refusedLine) return { state: State.FAILED, exitCode: 0, error: refusedLine, outputs };
  // Today's Kestra ignores warningOnStdErr (deprecated): stderr alone no longer makes a WARNING.
  // Osprey still honours an explicit `true`.
  if (stderrLines > 0 && toBool(task.warningOnStdErr, "warningOnStdErr", false)) {
    return {
      state: State.WARNING,
      exitCode: 0,
      error: `${stderrLines} line${stderrLines > 1 ? "s" : ""} on stderr (warningOnStdErr)`,
      outputs,
    };
  }
  return { state: State.SUCCESS, exitCode: 0, outputs };
}

/** The task's `namespaceFiles` merged into its input files (read only when the option is there). */
async function withNamespaceFiles(
  ctx: TaskContext,
  option: TNamespaceFiles | undefined,
  inputFiles: Record<string, string | Buffer>,
): Promise<Record<string, string | Buffer>> {
  if (!option) return inputFiles;
  const execution = await ctx.deps.db.execution.findUniqueOrThrow({
    where: { id: ctx.executionId },
    select: { namespace: true },
  });
  const { files, notes } = await loadNamespaceFiles(ctx.deps, execution.namespace, option, inputFiles);
  for (const note of notes) log(ctx, note.message, note.level, "system");
  return files;
}

/** A task of a WorkingDirectory works in the volume its siblings share (on the server's own engine). */
function shareWorkingDirectory(spec: ContainerSpec, volume: string): void {
  if (spec.runner === "PROCESS")
    throw new SpecError("a WorkingDirectory's tasks run in containers: the PROCESS runner is not supported inside one");
  if (spec.dockerHost)
    throw new SpecError(
      "a WorkingDirectory's tasks share a volume on the server's Docker engine: docker.host is not supported inside one",
    );
  spec.hostConfig = { ...spec.hostConfig, Mounts: [...(spec.hostConfig.Mounts ?? []), workingVolumeMount(volume)] };
}

function toLevel(level: unknown): TLogLevel {
  const upper = String(level ?? "INFO").toUpperCase();
  return (LOG_LEVELS as readonly string[]).includes(upper) ? (upper as TLogLevel) : "INFO";
}

/** Copies the named `vars` to the outputs' top level (Kestra's Clone outputs `directory` itself, not in `vars`). */
function withTopLevelOutputs(outcome: TaskOutcome, names: readonly string[] | undefined): TaskOutcome {
  const vars = outcome.outputs.vars as Record<string, unknown> | undefined;
  if (!names?.length || !vars) return outcome;
  const lifted = Object.fromEntries(names.filter((n) => Object.hasOwn(vars, n)).map((n) => [n, vars[n]]));
  return { ...outcome, outputs: { ...outcome.outputs, ...lifted } };
}
