import { z } from "zod";
import { cloneScript } from "../../plugins/git/clone-commands";
import { cloneShape, GIT_CLONE } from "../../plugins/git/git-schemas";
import { ZTaskBase } from "./common";
import { type ScriptTaskDefinition, scriptTaskShape } from "./script-language";
import { shellTasks } from "./shell";

// Kestra's git Clone writes the repository into the task's working directory; in Osprey a
// WorkingDirectory's tasks share a Docker volume, so Clone is a script task: a container of the
// server's shell image (OSPREY_IMAGE_SHELL, as no `defaultImage` is set here), which has git and ssh.

const { containerImage, runner, docker, taskRunner } = scriptTaskShape;
const OWN = Object.keys(cloneShape);

export const gitCloneTask: ScriptTaskDefinition = {
  kind: "script",
  type: GIT_CLONE,
  variant: "Commands",
  language: shellTasks[0].language,
  title: "Git Clone",
  schema: z
    .object({ type: z.literal(GIT_CLONE), ...ZTaskBase, containerImage, runner, docker, taskRunner, ...cloneShape })
    .strict()
    .describe(
      "Clone a Git repository into the working directory (over HTTP(S) or SSH; a branch, tag or commit). Inside a WorkingDirectory, the next tasks see its files. Output `directory`.",
    ),
  topLevelOutputs: ["directory"],
  adapt: (task) => {
    const { commands, env } = cloneScript(task);
    const rest = Object.fromEntries(Object.entries(task).filter(([k]) => !OWN.includes(k)));
    return { ...rest, commands, env, failFast: true, interpreter: ["/bin/sh", "-c"] };
  },
};

/** For the task registry (lib/flow/task-types/index.ts). */
export const gitTasks: ScriptTaskDefinition[] = [gitCloneTask];
