import { z } from "zod";
import { ZBool, ZNamespaceFiles, ZStringList, ZTaskBase } from "./common";
import { ZDockerOptions, ZTaskRunner } from "./docker-options";

/**
 * A script language as Kestra's `io.kestra.plugin.scripts.<family>` plugin has it.
 * Adding a language is one file that calls `defineScriptLanguage`.
 */
export interface ScriptLanguage {
  family: "python" | "shell" | "node" | "r" | "julia";
  label: string;
  /** File the `script` property is written to, in the working directory. */
  scriptFile: string;
  /** Shell command that runs the script file; null when the script is itself shell commands. */
  runScript: ((file: string) => string) | null;
  /** Environment every task of this language gets (e.g. unbuffered output). */
  env?: Record<string, string>;
  /** `commands` are the container's command as given, under the image's own entrypoint (Docker Run),
   *  not shell lines joined under an interpreter. */
  rawCommand?: boolean;
}

export interface ScriptTaskDefinition {
  kind: "script";
  type: string;
  variant: "Script" | "Commands";
  language: ScriptLanguage;
  title: string;
  schema: z.ZodType;
  /** The image when the task names none (a CLI plugin's, e.g. `hashicorp/terraform`); else the language's. */
  defaultImage?: string;
  /** A CLI plugin's own properties (credentials, profiles…) turned into what every script task has: env, files, commands. */
  adapt?: (task: Record<string, unknown>) => Record<string, unknown>;
  /** `vars` the plugin's Kestra task has as outputs of its own (Clone's `directory`): also at the outputs' top level. */
  topLevelOutputs?: readonly string[];
}

/** Properties every script task has, Script and Commands alike (Kestra's names and defaults). */
export const scriptTaskShape = {
  ...ZTaskBase,
  beforeCommands: ZStringList.optional().describe(
    "Shell commands run before the main command, e.g. `pip install requests`.",
  ),
  interpreter: ZStringList.optional().describe('Command that runs the joined commands. Default `["/bin/sh", "-c"]`.'),
  failFast: ZBool.optional().describe("Prepend `set -e` so the first failing command fails the task. Default true."),
  env: z.record(z.string(), z.string()).optional().describe("Environment variables for the task's process."),
  inputFiles: z
    .union([z.record(z.string(), z.string()), z.string()])
    .optional()
    .describe(
      "Files to create in the working directory: a map of file name → content (or another task's output file URI).",
    ),
  namespaceFiles: ZNamespaceFiles.optional(),
  outputFiles: ZStringList.optional().describe(
    "Globs, relative to the working directory, of files to keep after the run, e.g. `[\"*.csv\"]`. Read them downstream as `{{ outputs.<id>.outputFiles['name'] }}`.",
  ),
  warningOnStdErr: ZBool.optional().describe(
    "Whether output on stderr turns a successful task into WARNING. Default false (deprecated in Kestra, which ignores it today).",
  ),
  containerImage: z
    .string()
    .optional()
    .describe("Image to run in (with `taskRunner`); `docker.image` wins when both are set."),
  runner: z
    .enum(["DOCKER", "PROCESS"])
    .optional()
    .describe(
      "Where the task runs: DOCKER (default) in its own container, PROCESS directly on the server's host (refused unless the server allows it).",
    ),
  docker: ZDockerOptions.optional(),
  taskRunner: ZTaskRunner.optional(),
};

/** Kestra's packages installed at run time, for the languages that have a package manager. */
const dependencyShape = {
  dependencies: ZStringList.optional().describe(
    "Packages installed before the script runs (pip/uv for Python, npm for Node.js), e.g. `[pandas, requests==2.32.3]`.",
  ),
  dependencyCacheEnabled: ZBool.optional().describe(
    "Install them once into a cache volume shared by every task with the same list and image. Default true.",
  ),
  pythonVersion: z.string().optional().describe("Accepted for Kestra's flows: the image's Python is used."),
  packageManager: z.enum(["UV", "PIP"]).optional().describe("uv when the image has it, else pip (Kestra: UV)."),
};
const hasPackages = (family: ScriptLanguage["family"]) => family === "python" || family === "node";

/** A script task as the runner reads it: Script's `script` or Commands' `commands`, and the rest. */
const ZScriptTaskInput = z.object({
  ...scriptTaskShape,
  ...dependencyShape,
  script: z.string().optional(),
  commands: ZStringList.optional(),
});
export type TScriptTaskInput = Omit<z.infer<typeof ZScriptTaskInput>, "id">;

export function defineScriptLanguage(language: ScriptLanguage): ScriptTaskDefinition[] {
  const prefix = `io.kestra.plugin.scripts.${language.family}`;
  const example = language.runScript?.(language.scriptFile) ?? "echo hello";
  const script = z
    .object({
      type: z.literal(`${prefix}.Script`),
      ...scriptTaskShape,
      ...(hasPackages(language.family) ? dependencyShape : {}),
      script: z
        .string()
        .min(1, "script must not be empty")
        .describe(
          `${language.label} source. It is written to \`${language.scriptFile}\` in the working directory and run${
            language.runScript ? ` with \`${example}\`` : " as shell commands"
          }.`,
        ),
    })
    .strict()
    .describe(`Run a ${language.label} script in its own container.`);
  const commands = z
    .object({
      type: z.literal(`${prefix}.Commands`),
      ...scriptTaskShape,
      ...(hasPackages(language.family) ? dependencyShape : {}),
      commands: ZStringList.min(1, "commands must list at least one command").describe(
        "Shell commands run one after another by the interpreter.",
      ),
    })
    .strict()
    .describe(`Run ${language.label} commands (e.g. \`${example}\`) in its own container.`);
  return [
    {
      kind: "script",
      type: `${prefix}.Script`,
      variant: "Script",
      language,
      title: `${language.label} Script`,
      schema: script,
    },
    {
      kind: "script",
      type: `${prefix}.Commands`,
      variant: "Commands",
      language,
      title: `${language.label} Commands`,
      schema: commands,
    },
  ];
}
