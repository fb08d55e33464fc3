import { z } from "zod";
import { ZBool, ZNamespaceFiles, ZStringList, ZTaskBase } from "./common";
import { dockerShape } from "./docker-options";
import type { ScriptTaskDefinition } from "./script-language";

// Kestra's io.kestra.plugin.docker.Run: any image, its own entrypoint and CMD unless given, with the
// Docker runner's options at the top level. Run as a script task (same container rules, files,
// outputs protocol), its options moved under `docker` where the rules read them.

export const DOCKER_RUN_TYPE = "io.kestra.plugin.docker.Run";

/** The options Run takes at its top level, which a script task has under `docker`. */
const DOCKER_KEYS = [
  "credentials",
  "config",
  "host",
  "entryPoint",
  "user",
  "networkMode",
  "extraHosts",
  "portBindings",
  "cpu",
  "memory",
  "shmSize",
  "privileged",
  "volumes",
  "deviceRequests",
  "pullPolicy",
] as const satisfies readonly (keyof typeof dockerShape)[];

const ZDockerRun = z
  .object({
    type: z.literal(DOCKER_RUN_TYPE),
    ...ZTaskBase,
    containerImage: z.string().min(1).describe("The image to run, e.g. `alpine:3.20`."),
    commands: ZStringList.optional().describe(
      "The container's command and arguments, as given (no shell): empty runs the image's CMD.",
    ),
    env: z.record(z.string(), z.string()).optional().describe("Environment variables of the container."),
    inputFiles: z
      .union([z.record(z.string(), z.string()), z.string()])
      .optional()
      .describe("Files in the working directory: name → content, or another task's output file URI."),
    namespaceFiles: ZNamespaceFiles.optional(),
    outputFiles: ZStringList.optional().describe("Globs of files to keep from the working directory."),
    wait: ZBool.optional().describe(
      "Wait for the container to end. Default true; `false` (leave it running) is refused: Osprey removes every container it starts.",
    ),
    warningOnStdErr: ZBool.optional().describe("Deprecated in Kestra, which ignores it."),
    ...Object.fromEntries(DOCKER_KEYS.map((k) => [k, dockerShape[k]])),
  })
  .strict()
  .describe("Run a container of any image; `outputs.<id>.exitCode`, `.vars`, `.outputFiles`.");

export const dockerRunTask: ScriptTaskDefinition = {
  kind: "script",
  type: DOCKER_RUN_TYPE,
  variant: "Commands",
  language: { family: "shell", label: "Docker", scriptFile: "", runScript: null, rawCommand: true },
  title: "Docker Run",
  schema: ZDockerRun,
  adapt: (task) => {
    if (String(task.wait ?? true) === "false")
      throw new Error(
        "wait: false (leave the container running) is not supported: Osprey removes every container it starts",
      );
    const docker: Record<string, unknown> = { image: task.containerImage };
    const rest: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(task)) {
      if ((DOCKER_KEYS as readonly string[]).includes(key)) docker[key] = value;
      else if (key !== "wait" && key !== "containerImage") rest[key] = value;
    }
    return { ...rest, docker };
  },
};
