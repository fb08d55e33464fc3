import type Docker from "dockerode";
import type { TDockerOptions } from "../flow/task-types/docker-options";
import { DOCKER_RUNNER_TYPE, PROCESS_RUNNER_TYPE } from "../flow/task-types/docker-options";
import type { ScriptLanguage, TScriptTaskInput } from "../flow/task-types/script-language";
import {
  checkDockerHost,
  checkDockerOptions,
  checkRunner,
  type ContainerPolicy,
  scriptImagePull,
} from "./container-policy";
import type { PullPolicy } from "./docker/pull-image";
import { authFor } from "./docker/registry-auth";
import { dependencySetup } from "./script-dependencies";
import { durationMs, memoryBytes, toBool, toNumber, ValueError } from "../values/values";

/** Where a task's files live inside its container; exported to the task as WORKING_DIR. */
export const WORKING_DIR = "/osprey/wd";
/** Every file a task writes here becomes an output file; exported as OUTPUT_DIR. */
export const OUTPUT_DIR = "/osprey/outputs";
export const DEFAULT_INTERPRETER = ["/bin/sh", "-c"];

/** A validated, rendered script task, as far as the runner cares (inferred from the flow schema). */
export type ScriptTaskInput = TScriptTaskInput;

/** Everything needed to start one container, derived from a task without touching Docker. */
export interface ContainerSpec {
  /** DOCKER: a container on the engine; PROCESS: a process on the server's host (when allowed). */
  runner: "DOCKER" | "PROCESS";
  /** Said in the task's log before it starts (the Process runner run in a container). */
  notice?: string;
  image: string;
  pullPolicy: PullPolicy;
  auth?: Docker.AuthConfig;
  /** Another engine the policy allows; undefined: the server's own. */
  dockerHost?: string;
  /** Undefined: the image's own. */
  entrypoint?: string[];
  /** Empty: the image's CMD. */
  cmd: string[];
  env: Record<string, string>;
  user?: string;
  workingDir: string;
  outputDir: string;
  /**
   * Whether the task mentions its output directory ($OUTPUT_DIR or the rendered path). Only then
   * is it created and copied out: each costs the engine a filesystem mount (~0.1 s per task).
   */
  usesOutputDir: boolean;
  files: { path: string; content: string | Buffer }[];
  outputFiles: string[];
  hostConfig: Docker.HostConfig;
  exposedPorts?: Record<string, object>;
  deleteAfter: boolean;
  killGraceMs: number;
}

export class SpecError extends Error {}

/** `runner`/`docker` (the seed's form) or `taskRunner` (Kestra's newer form), merged into one view. */
export function effectiveRunner(task: ScriptTaskInput): {
  kind: "DOCKER" | "PROCESS";
  docker: Partial<TDockerOptions>;
} {
  if (task.taskRunner) {
    const { type, ...rest } = task.taskRunner;
    if (type === PROCESS_RUNNER_TYPE) return { kind: "PROCESS", docker: {} };
    if (type === DOCKER_RUNNER_TYPE) return { kind: "DOCKER", docker: { ...rest, ...(task.docker ?? {}) } };
  }
  return { kind: task.runner ?? "DOCKER", docker: task.docker ?? {} };
}

/**
 * The runner a task gets on this server: the Process task runner becomes a container of the
 * language's image when the admin chose so (a real flow written for a Kestra host still runs).
 */
export function runnerUnderPolicy(
  task: ScriptTaskInput,
  policy: ContainerPolicy,
): ReturnType<typeof effectiveRunner> & { notice?: string } {
  const runner = effectiveRunner(task);
  if (runner.kind !== "PROCESS" || policy.processRunner !== "container") return runner;
  return {
    kind: "DOCKER",
    docker: {},
    notice:
      "taskRunner Process: this server runs such tasks in a container of the task's image, not on its host (OSPREY_PROCESS_RUNNER=container)",
  };
}

/**
 * Kestra's script semantics: `Script` writes the code to a file and runs it with the language's
 * command; the container runs `interpreter` over `set -e`, `beforeCommands`, then the commands.
 */
export function buildContainerSpec(
  task: ScriptTaskInput & { script?: string },
  language: ScriptLanguage,
  defaultImage: string,
  policy: ContainerPolicy,
  inputFiles: Record<string, string | Buffer> = {},
  dirs: { workingDir: string; outputDir: string } = { workingDir: WORKING_DIR, outputDir: OUTPUT_DIR },
): ContainerSpec {
  try {
    return build(task, language, defaultImage, policy, inputFiles, dirs);
  } catch (err) {
    if (err instanceof ValueError) throw new SpecError(err.message);
    throw err;
  }
}

function build(
  task: ScriptTaskInput,
  language: ScriptLanguage,
  defaultImage: string,
  policy: ContainerPolicy,
  inputFiles: Record<string, string | Buffer>,
  { workingDir, outputDir }: { workingDir: string; outputDir: string },
): ContainerSpec {
  const { kind, docker, notice } = runnerUnderPolicy(task, policy);
  // The server's rules first: a refused task never reaches Docker.
  checkRunner(kind, policy);
  if (kind === "DOCKER") checkDockerOptions(docker, policy);
  const dockerHost = kind === "DOCKER" ? checkDockerHost(docker.host, "docker.host", policy) : undefined;
  const image = docker.image ?? task.containerImage ?? defaultImage;
  const pullPolicy =
    kind === "DOCKER"
      ? scriptImagePull(image, docker.pullPolicy ?? "IF_NOT_PRESENT", defaultImage, policy)
      : "IF_NOT_PRESENT";
  const binds = docker.volumes ?? [];
  const files: ContainerSpec["files"] = Object.entries(inputFiles).map(([path, content]) => ({
    path: safeRelativePath(path),
    content,
  }));
  let commands: string[];
  if (task.script !== undefined && language.runScript) {
    const path = `${workingDir}/${language.scriptFile}`;
    const inline =
      kind === "DOCKER" && !docker.user && Object.keys(inputFiles).length === 0
        ? heredoc(path, task.script, task.interpreter)
        : null;
    if (inline) commands = [inline, language.runScript(path)];
    else {
      files.push({ path: language.scriptFile, content: task.script });
      commands = [language.runScript(path)];
    }
  } else {
    commands = task.script !== undefined ? [task.script] : (task.commands ?? []);
  }
  const failFast = toBool(task.failFast, "failFast", true);
  const deps = dependencySetup(language.family, task.dependencies, {
    cache: toBool(task.dependencyCacheEnabled, "dependencyCacheEnabled", true),
    image,
    workingDir,
    container: kind === "DOCKER",
  });
  const body = [
    ...(failFast ? ["set -e"] : []),
    ...(deps?.commands ?? []),
    ...(task.beforeCommands ?? []),
    ...commands,
  ].join("\n");
  const { portBindings, exposedPorts } = ports(docker.portBindings ?? []);
  const cpus = toNumber(docker.cpu?.cpus, "docker.cpu.cpus");
  const mem = docker.memory ?? {};
  return {
    runner: kind,
    ...(notice ? { notice } : {}),
    image,
    pullPolicy,
    auth: authFor(image, docker.credentials, docker.config as string | Record<string, unknown> | undefined),
    dockerHost,
    // [""] clears the image's ENTRYPOINT so the interpreter runs as written, as in Kestra; Docker Run
    // keeps the image's entrypoint and CMD unless given.
    entrypoint: language.rawCommand ? docker.entryPoint : (docker.entryPoint ?? [""]),
    cmd: language.rawCommand ? (task.commands ?? []) : [...(task.interpreter ?? DEFAULT_INTERPRETER), body],
    env: {
      ...(language.env ?? {}),
      ...(docker.env ?? {}),
      ...(deps?.env ?? {}),
      ...(task.env ?? {}),
      WORKING_DIR: workingDir,
      OUTPUT_DIR: outputDir,
    },
    user: docker.user,
    workingDir,
    outputDir,
    usesOutputDir: mentions(task, ["OUTPUT_DIR", outputDir]),
    files,
    outputFiles: task.outputFiles ?? [],
    hostConfig: withoutUndefined({
      NetworkMode: docker.networkMode,
      ExtraHosts: docker.extraHosts,
      PortBindings: portBindings,
      NanoCpus:
        (cpus ?? policy.defaults.cpus) !== undefined ? Math.round((cpus ?? policy.defaults.cpus!) * 1e9) : undefined,
      Memory: memoryBytes(mem.memory, "docker.memory.memory") ?? policy.defaults.memoryBytes,
      PidsLimit: policy.defaults.pidsLimit && policy.defaults.pidsLimit > 0 ? policy.defaults.pidsLimit : undefined,
      SecurityOpt: policy.defaults.noNewPrivileges ? ["no-new-privileges"] : undefined,
      MemorySwap: memoryBytes(mem.memorySwap, "docker.memory.memorySwap"),
      MemoryReservation: memoryBytes(mem.memoryReservation, "docker.memory.memoryReservation"),
      MemorySwappiness: toNumber(mem.memorySwappiness, "docker.memory.memorySwappiness"),
      KernelMemory: memoryBytes(mem.kernelMemory, "docker.memory.kernelMemory"),
      OomKillDisable:
        mem.oomKillDisable === undefined
          ? undefined
          : toBool(mem.oomKillDisable, "docker.memory.oomKillDisable", false),
      ShmSize: memoryBytes(docker.shmSize, "docker.shmSize"),
      Privileged: toBool(docker.privileged, "docker.privileged", false) || undefined,
      Binds: binds.length ? binds : undefined,
      // The dependency cache: a volume Osprey names and manages, not a host folder.
      Mounts: deps?.mount ? [deps.mount] : undefined,
      DeviceRequests: docker.deviceRequests?.map((d) => ({
        Driver: d.driver,
        Count: toNumber(d.count, "docker.deviceRequests.count") ?? (d.deviceIds ? undefined : -1),
        DeviceIDs: d.deviceIds,
        Capabilities: d.capabilities,
        Options: d.options,
      })),
      AutoRemove: false,
      LogConfig: CONTAINER_LOG,
    }),
    exposedPorts,
    deleteAfter: toBool(docker.delete, "docker.delete", true),
    killGraceMs: durationMs(docker.killGracePeriod, "docker.killGracePeriod") ?? 0,
  };
}

/**
 * The engine's own copy of a task's output, which a reattach after a restart reads on from the
 * last stored line: Docker's `local` driver costs the engine a fraction of the default json-file's
 * work per line (measured: 1,000,000 lines in 1.3 s instead of 2.5 s); uncompressed, and up to
 * 1 GB kept, so a reattach still finds every line it counts past.
 */
const CONTAINER_LOG = { Type: "local", Config: { "max-size": "100m", "max-file": "10", compress: "false" } };

/** Scripts up to this size are written by the shell itself rather than copied in as an archive. */
export const INLINE_SCRIPT_MAX_CHARS = 32 * 1024;

/**
 * A shell command that writes `script` to `path` (a quoted here-document, so nothing in it is
 * expanded). Copying an archive into a container costs the engine a filesystem mount (~0.1 s);
 * writing from the command does not. Only for a POSIX shell interpreter and a modest size (one
 * argument may hold 128 KiB); null otherwise, and the archive is used.
 */
export function heredoc(path: string, script: string, interpreter: string[] | undefined): string | null {
  const shell = interpreter ?? DEFAULT_INTERPRETER;
  const isShell = shell.length === 2 && /(^|\/)(ba|da|z)?sh$/.test(shell[0]) && shell[1] === "-c";
  if (!isShell || script.length > INLINE_SCRIPT_MAX_CHARS) return null;
  let marker = "OSPREY_SCRIPT_EOF";
  for (let i = 0; script.split("\n").includes(marker); i++) marker = `OSPREY_SCRIPT_EOF_${i}`;
  const body = script.endsWith("\n") ? script : `${script}\n`;
  return `cat > "${path}" <<'${marker}'\n${body}${marker}`;
}

/** `8080:80`, `127.0.0.1:8080:80/udp` → Docker's PortBindings and ExposedPorts. */
function ports(bindings: string[]): { portBindings?: Docker.PortMap; exposedPorts?: Record<string, object> } {
  if (bindings.length === 0) return {};
  const portBindings: Docker.PortMap = {};
  const exposedPorts: Record<string, object> = {};
  for (const b of bindings) {
    const m = /^(?:(\d{1,3}(?:\.\d{1,3}){3}):)?(\d+)?:(\d+)(?:\/(tcp|udp|sctp))?$/.exec(b.trim());
    if (!m) throw new SpecError(`docker.portBindings entry "${b}" must look like hostPort:containerPort[/tcp|udp]`);
    const key = `${m[3]}/${m[4] ?? "tcp"}`;
    exposedPorts[key] = {};
    (portBindings[key] ??= []).push({ HostIp: m[1] ?? "", HostPort: m[2] ?? "" });
  }
  return { portBindings, exposedPorts };
}

/** Input file names stay inside the working directory. */
function safeRelativePath(path: string): string {
  const clean = path.replace(/\\/g, "/").replace(/^\.\/+/, "");
  if (!clean || clean.startsWith("/") || clean.split("/").some((p) => p === ".." || p === "")) {
    throw new SpecError(`inputFiles name "${path}" must be a relative path inside the working directory`);
  }
  return clean;
}

function mentions(task: ScriptTaskInput, needles: string[]): boolean {
  const text = JSON.stringify(task);
  return needles.some((n) => text.includes(n));
}

function withoutUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}
