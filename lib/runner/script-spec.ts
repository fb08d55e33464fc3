import type { ScriptLanguage } from "../flow/task-types/script-language";
import type { PullPolicy } from "./docker/pull-image";

/** Where a task's files live inside its container; exported to the task as WORKING_DIR. */
export const WORKING_DIR = "/osprey/wd";
export const DEFAULT_INTERPRETER = ["/bin/sh", "-c"];

/** A validated script task, as far as the runner cares. */
export interface ScriptTaskInput {
  script?: string;
  commands?: string[];
  beforeCommands?: string[];
  interpreter?: string[];
  failFast?: boolean;
  env?: Record<string, string>;
  docker?: { image?: string; pullPolicy?: PullPolicy; entryPoint?: string[]; user?: string };
}

/** Everything needed to start one container, derived from a task without touching Docker. */
export interface ContainerSpec {
  image: string;
  pullPolicy: PullPolicy;
  entrypoint: string[];
  cmd: string[];
  env: Record<string, string>;
  user?: string;
  workingDir: string;
  files: { path: string; content: string }[];
}

/**
 * Kestra's script semantics: `Script` writes the code to a file and runs it with the language's
 * command; the container runs `interpreter` over `set -e`, `beforeCommands`, then the commands.
 */
export function buildContainerSpec(task: ScriptTaskInput, language: ScriptLanguage, defaultImage: string): ContainerSpec {
  const files: ContainerSpec["files"] = [];
  let commands: string[];
  if (task.script !== undefined) {
    if (language.runScript) {
      files.push({ path: language.scriptFile, content: task.script });
      commands = [language.runScript(`${WORKING_DIR}/${language.scriptFile}`)];
    } else {
      commands = [task.script];
    }
  } else {
    commands = task.commands ?? [];
  }
  const body = [...(task.failFast === false ? [] : ["set -e"]), ...(task.beforeCommands ?? []), ...commands].join("\n");
  return {
    image: task.docker?.image ?? defaultImage,
    pullPolicy: task.docker?.pullPolicy ?? "IF_NOT_PRESENT",
    // [""] clears the image's ENTRYPOINT so the interpreter runs as written, as in Kestra.
    entrypoint: task.docker?.entryPoint ?? [""],
    cmd: [...(task.interpreter ?? DEFAULT_INTERPRETER), body],
    env: { ...(language.env ?? {}), ...(task.env ?? {}), WORKING_DIR },
    user: task.docker?.user,
    workingDir: WORKING_DIR,
    files,
  };
}
