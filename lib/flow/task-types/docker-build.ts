import { z } from "zod";
import { ZBool, ZCredentials, ZStringList, ZTaskBase } from "./common";

export const BUILD_TYPE = "io.kestra.plugin.docker.Build";

export const ZBuildTask = z
  .object({
    type: z.literal(BUILD_TYPE),
    ...ZTaskBase,
    dockerfile: z
      .string()
      .min(1, "dockerfile must not be empty")
      .describe(
        "The Dockerfile, inline. Every `FROM` (and `COPY --from`) image must come from a registry the server allows (OSPREY_ALLOWED_REGISTRIES) and be known before the build: `$VAR`s only from `ARG`s declared before the first `FROM`. Steps run under the server's memory and CPU limits.",
      ),
    inputFiles: z
      .record(z.string(), z.string())
      .optional()
      .describe("Files of the build context: name → content (or another task's output file URI)."),
    tags: ZStringList.min(1, "give at least one tag").describe(
      'Tags of the built image, e.g. `["team/custom:1.0"]`. The next task can run it by tag. A default image (OSPREY_IMAGE_*) or a name under a protected prefix (OSPREY_PROTECTED_IMAGE_PREFIXES, default `osprey/`) is refused.',
    ),
    buildArgs: z.record(z.string(), z.string()).optional().describe("`ARG` values for the build."),
    labels: z
      .record(z.string(), z.string())
      .optional()
      .describe("Labels of the built image (`io.osprey.managed=true` is added: Prune may remove it)."),
    pull: ZBool.optional().describe(
      "Pull newer versions of the `FROM` images. Default false (local images are used). Refused when a `FROM` image is local-only (protected prefix).",
    ),
    push: ZBool.optional().describe("Push the tags to their registry after the build."),
    credentials: ZCredentials.optional(),
    platforms: ZStringList.optional().describe('Target platforms, e.g. `["linux/amd64"]`.'),
    host: z
      .string()
      .optional()
      .describe(
        "Docker engine to build on. Default: the server's. Any other engine must be listed by an admin in OSPREY_ALLOWED_DOCKER_HOSTS.",
      ),
  })
  .strict()
  .describe("Build a Docker image from a Dockerfile; outputs `imageId`.");

export interface BuildTaskDefinition {
  kind: "build";
  type: typeof BUILD_TYPE;
  title: string;
  schema: typeof ZBuildTask;
}

export const buildTask: BuildTaskDefinition = {
  kind: "build",
  type: BUILD_TYPE,
  title: "Docker Build",
  schema: ZBuildTask,
};
