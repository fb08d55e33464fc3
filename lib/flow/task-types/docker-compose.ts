import { z } from "zod";
import { ZBool, ZNamespaceFiles, ZStringList } from "./common";
import { ZTaskRunner } from "./docker-options";
import { type EngineTaskDefinition, engineTask } from "./engine-task";

// Kestra's Compose (io.kestra.plugin.docker.cli.Compose, old name io.kestra.plugin.docker.Compose).
// Kestra runs `docker compose` in a container that reaches a Docker daemon; Osprey runs
// docker-compose in the server against its own engine, after checking the files against the
// container rules, and removes everything the project started when the task ends.

export const DOCKER_COMPOSE = "io.kestra.plugin.docker.Compose";

const NO_EFFECT = "Accepted as Kestra has it; no effect here (docker-compose runs in the Osprey server).";

const shape = {
  composeFile: z
    .string()
    .optional()
    .describe(
      "The compose file: inline YAML, the relative path of an `inputFiles` (or namespace) file, or a `kestra://` URI.",
    ),
  composeFiles: ZStringList.optional().describe(
    "Several compose files, merged in order (each as `composeFile`); when given, `composeFile` is not read.",
  ),
  composeArgs: ZStringList.min(1, "give the docker-compose command, e.g. [up]").describe(
    "What comes after `docker-compose -f <file>`, e.g. `[up, --abort-on-container-exit]` or `[run, --rm, app]`. Osprey removes every container, network and volume of the project when the task ends, so `up -d` starts and then removes them.",
  ),
  env: z
    .record(z.string(), z.string())
    .optional()
    .describe("Variables for the file's `${VAR}` substitutions and a service's `environment: [NAME]` entries."),
  inputFiles: z
    .union([z.record(z.string(), z.string()), z.string()])
    .optional()
    .describe(
      "Files in the working directory (the project's directory): name → content or another task's output file URI. A `.env` file gives substitution variables (`env` wins).",
    ),
  namespaceFiles: ZNamespaceFiles.optional(),
  outputFiles: ZStringList.optional().describe("Globs of working-directory files to keep as output files."),
  taskRunner: ZTaskRunner.optional().describe(
    "Accepted as Kestra's examples write it (a Docker runner mounting the Docker socket). Only its `host`, `credentials` and `config` are read: the engine to run on and how to pull the services' images.",
  ),
  containerImage: z.string().optional().describe(`The image of Kestra's docker CLI container. ${NO_EFFECT}`),
  beforeCommands: ZStringList.optional().describe(
    "Refused when not empty: they would run on the server's host, which Compose does not do here.",
  ),
  interpreter: ZStringList.optional().describe(NO_EFFECT),
  failFast: ZBool.optional().describe(NO_EFFECT),
  targetOS: z.enum(["LINUX", "WINDOWS", "AUTO"]).optional().describe(NO_EFFECT),
  warningOnStdErr: ZBool.optional().describe(
    "End in WARNING when docker-compose wrote to stderr (which it does for its progress).",
  ),
};

const description =
  "Run docker-compose (v1) on a compose file, in the server against its Docker engine. The file obeys the same container rules as every task (no privileged, host network or namespaces, cap_add, devices, bind mounts, build, or images from registries the server does not allow, unless an admin allows them); its services, networks and volumes are labelled as Osprey's and all removed when the task ends, fails, is killed or times out. Service logs go to the task's log. Outputs `exitCode`, `vars` (from `::{…}::` lines) and `outputFiles`.";

/** Today's name (`cli.Compose`) is read as this one, as for every Docker task (lib/flow/aliases.ts). */
export const dockerComposeTasks: EngineTaskDefinition[] = [
  engineTask("core", DOCKER_COMPOSE, "Docker Compose", description, shape),
];
