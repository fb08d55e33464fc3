import { access, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TLogLevel } from "../flow/task-types/log";
import { OutputFileSink } from "../files/output-file-sink";
import { discardOutputFiles, saveOutputFiles } from "../files/output-files";
import { containerLabels } from "../runner/docker/labels";
import { ensureImage } from "../runner/docker/pull-image";
import { oversizedLineError, parseProtocolLine, ProtocolLineError } from "../runner/output-protocol";
import { runProcess } from "../runner/process/run-process";
import type { ContainerSpec } from "../runner/script-spec";
import { State } from "../states/states";
import { toBool } from "../values/values";
import type { CoreTaskRunner } from "./core-tasks";
import { checkComposeArgs } from "./docker-compose-args";
import { composeDown } from "./docker-compose-down";
import { prepareCompose } from "./docker-compose-file";
import { readComposeInputs } from "./docker-compose-inputs";
import { ComposeFileError } from "./docker-compose-service";
import { dockerTarget, stringList, taskAuth } from "./docker-task-common";
import { log, type TaskContext } from "./task-context";

const PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
const TASK_RUNNER_READ = new Set(["type", "host", "credentials", "config"]);

/**
 * io.kestra.plugin.docker.cli.Compose (old name io.kestra.plugin.docker.Compose). docker-compose runs
 * in the server, as a process with nothing of the server's environment, on files Osprey checked and
 * rewrote (docker-compose-file.ts), with the images already pulled under the registry rules. However
 * it ends (success, failure, kill, timeout), every container, network and volume of its project goes.
 */
export const runCompose: CoreTaskRunner = async (ctx, task) => {
  const { deps } = ctx;
  if (stringList(task.beforeCommands).length > 0)
    throw new ComposeFileError(
      "beforeCommands would run on the server's host: Osprey runs only docker-compose for this task; use a script task before it",
    );
  const runner = (task.taskRunner ?? {}) as Record<string, unknown>;
  const ignored = Object.keys(runner).filter((k) => !TASK_RUNNER_READ.has(k));
  if (ignored.length > 0)
    log(ctx, `taskRunner ${ignored.join(", ")}: no effect, docker-compose runs in the Osprey server`, "INFO", "system");
  const target = dockerTarget(ctx, { host: runner.host });
  const args = checkComposeArgs(stringList(task.composeArgs));
  const inputs = await readComposeInputs(ctx, task);
  const labels = containerLabels({
    instance: deps.instance,
    owner: deps.config.OSPREY_WORKER_NAME,
    executionId: ctx.executionId,
    taskRunId: ctx.taskRunId,
    taskId: ctx.taskId,
  });
  const prepared = prepareCompose(inputs.sources, inputs.env, target.policy, labels);
  for (const name of prepared.unset)
    log(ctx, `The ${name} variable is not set. Defaulting to a blank string.`, "WARN", "system");
  const binary = await dockerCompose();
  for (const { image, pullPolicy } of prepared.images)
    await ensureImage(target.docker, image, pullPolicy, (l) => log(ctx, l, "INFO", "system"), taskAuth(runner, image));
  ctx.signal.throwIfAborted();
  const dir = await mkdtemp(join(tmpdir(), "osprey-compose-"));
  const owner = { executionId: ctx.executionId, taskRunId: ctx.taskRunId, taskId: ctx.taskId };
  const files = new OutputFileSink(deps.storage, owner, {
    maxFileBytes: deps.config.OSPREY_MAX_OUTPUT_FILE_BYTES,
    maxTaskBytes: deps.config.OSPREY_MAX_OUTPUT_BYTES_PER_TASK,
  });
  const lines = lineReader(ctx);
  try {
    const composeFiles = prepared.files.map((f, i) => ({ path: `.osprey-compose-${i}.yml`, content: f.yaml }));
    const spec = processSpec(dir, {
      files: [...Object.entries(inputs.files).map(([path, content]) => ({ path, content })), ...composeFiles],
      // Its own HOME and Docker config: a file of the task cannot pick another engine or context.
      env: {
        HOME: join(dir, "home"),
        DOCKER_CONFIG: join(dir, "home"),
        DOCKER_HOST: target.host ?? deps.config.DOCKER_HOST ?? "unix:///var/run/docker.sock",
      },
      cmd: [
        binary,
        "--project-name",
        projectName(ctx.taskRunId),
        ...composeFiles.flatMap((f) => ["-f", f.path]),
        // Plain text in the log, unless the task chose otherwise.
        ...(args.some((a) => a === "--no-ansi" || a.startsWith("--ansi")) ? [] : ["--ansi", "never"]),
        ...args,
      ],
      outputFiles: stringList(task.outputFiles),
    });
    log(ctx, `Running command: docker-compose ${args.join(" ")}`, "INFO", "system");
    const { exitCode } = await runProcess(spec, {
      labels,
      signal: ctx.signal,
      files,
      maxProtocolLineBytes: deps.config.OSPREY_MAX_OUTPUTS_LINE_BYTES,
      drained: () => ctx.writer.drained(),
      onSystem: (message) => log(ctx, message, "DEBUG", "system"),
      onLine: lines.onLine,
    });
    const outputs = { exitCode, vars: lines.vars, outputFiles: await saveOutputFiles(deps.db, owner, files.stored()) };
    if (exitCode !== 0)
      return { state: State.FAILED, exitCode, error: `docker-compose exited with code ${exitCode}`, outputs };
    if (lines.refused) return { state: State.FAILED, exitCode, error: lines.refused, outputs };
    if (lines.stderr > 0 && toBool(task.warningOnStdErr, "warningOnStdErr", false))
      return { state: State.WARNING, exitCode, error: `${lines.stderr} line(s) on stderr (warningOnStdErr)`, outputs };
    return { state: State.SUCCESS, exitCode, outputs };
  } catch (err) {
    await discardOutputFiles(deps, owner).catch(() => undefined);
    throw err;
  } finally {
    const removed = await composeDown(target.docker, ctx.taskRunId, (m) => log(ctx, m, "WARN", "system"));
    log(ctx, `Removed the project's ${removed} container(s), its networks and volumes`, "DEBUG", "system");
    await rm(dir, { recursive: true, force: true });
  }
};

/** docker-compose v1's own names: lowercase letters and digits. One project per task run. */
const projectName = (taskRunId: string) => `osprey${taskRunId.toLowerCase().replace(/[^a-z0-9]/g, "")}`;

/** The docker-compose on the server's PATH, or an error saying how to install it. */
async function dockerCompose(): Promise<string> {
  for (const dir of PATH.split(":")) {
    const path = join(dir, "docker-compose");
    if (
      await access(path).then(
        () => true,
        () => false,
      )
    )
      return path;
  }
  throw new Error(
    "docker-compose is not installed on this server: an admin installs it with scripts/ensure-docker-compose.sh (Debian's docker-compose package)",
  );
}

/** The process runner's spec for docker-compose in a fresh working directory under `dir`. */
function processSpec(dir: string, part: Pick<ContainerSpec, "files" | "env" | "cmd" | "outputFiles">): ContainerSpec {
  return {
    ...part,
    runner: "PROCESS",
    image: "",
    pullPolicy: "NEVER",
    workingDir: join(dir, "wd"),
    outputDir: join(dir, "outputs"),
    usesOutputDir: false,
    hostConfig: {},
    deleteAfter: true,
    killGraceMs: 0,
  };
}

/** Lines to the task's log (stderr as WARN, as script tasks do), `::{…}::` lines to `vars`. */
function lineReader(ctx: TaskContext) {
  const state = {
    vars: {} as Record<string, unknown>,
    stderr: 0,
    refused: undefined as string | undefined,
    onLine: (stream: "stdout" | "stderr", line: string | { bytes: number }): boolean => {
      const emit = (message: string, level: TLogLevel) =>
        ctx.writer.append({ taskRunId: ctx.taskRunId, taskId: ctx.taskId, stream, level, message });
      if (stream === "stderr") state.stderr++;
      try {
        if (typeof line !== "string") throw oversizedLineError(line as Parameters<typeof oversizedLineError>[0]);
        const protocol = parseProtocolLine(line);
        if (!protocol) return emit(line, stream === "stderr" ? "WARN" : "INFO");
        Object.assign(state.vars, protocol.outputs ?? {});
        let ok = true;
        for (const l of protocol.logs ?? []) ok = emit(String(l.message ?? ""), levelOf(l.level)) && ok;
        return ok;
      } catch (err) {
        if (!(err instanceof ProtocolLineError)) throw err;
        state.refused ??= err.message;
        return emit(err.message, "ERROR");
      }
    },
  };
  return state;
}

const levelOf = (level: unknown): TLogLevel => {
  const upper = String(level ?? "INFO").toUpperCase();
  return (["TRACE", "DEBUG", "INFO", "WARN", "ERROR"] as const).find((l) => l === upper) ?? "INFO";
};
