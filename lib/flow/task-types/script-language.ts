import { z } from "zod";
import { ZDockerOptions, ZRunner, ZStringList, ZTaskBase, ZText } from "./common";

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
}

export interface ScriptTaskDefinition {
  kind: "script";
  type: string;
  variant: "Script" | "Commands";
  language: ScriptLanguage;
  title: string;
  schema: z.ZodType;
}

const commonScriptProps = {
  ...ZTaskBase,
  beforeCommands: ZStringList.optional().describe("Shell commands run before the main command, e.g. `pip install requests`."),
  interpreter: ZStringList.optional().describe('Command that runs the joined commands. Default `["/bin/sh", "-c"]`.'),
  failFast: z.boolean().optional().describe("Prepend `set -e` so the first failing command fails the task. Default true."),
  env: z.record(z.string(), z.string()).optional().describe("Environment variables for the task's process."),
  runner: ZRunner.optional(),
  docker: ZDockerOptions.optional(),
};

export function defineScriptLanguage(language: ScriptLanguage): ScriptTaskDefinition[] {
  const prefix = `io.kestra.plugin.scripts.${language.family}`;
  const script = z
    .object({
      type: z.literal(`${prefix}.Script`),
      ...commonScriptProps,
      script: ZText.min(1, "script must not be empty").describe(
        `${language.label} source. It is written to \`${language.scriptFile}\` in the working directory and run${
          language.runScript ? ` with \`${language.runScript(language.scriptFile)}\`` : " as shell commands"
        }.`,
      ),
    })
    .strict()
    .describe(`Run a ${language.label} script in its own container.`);
  const commands = z
    .object({
      type: z.literal(`${prefix}.Commands`),
      ...commonScriptProps,
      commands: ZStringList.min(1, "commands must list at least one command").describe(
        "Shell commands run one after another by the interpreter.",
      ),
    })
    .strict()
    .describe(`Run ${language.label} commands (e.g. \`${language.runScript?.("main" + extname(language.scriptFile)) ?? "echo hi"}\`) in its own container.`);
  return [
    { kind: "script", type: `${prefix}.Script`, variant: "Script", language, title: `${language.label} Script`, schema: script },
    { kind: "script", type: `${prefix}.Commands`, variant: "Commands", language, title: `${language.label} Commands`, schema: commands },
  ];
}

function extname(file: string): string {
  const dot = file.lastIndexOf(".");
  return dot < 0 ? "" : file.slice(dot);
}
