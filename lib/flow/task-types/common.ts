import { z } from "zod";

/** Ids as Kestra allows them: letters, digits, `_` and `-`, starting with a letter or digit. */
export const ZId = z
  .string()
  .regex(/^[a-zA-Z0-9][a-zA-Z0-9_-]*$/, "must start with a letter or digit and contain only letters, digits, _ and -")
  .max(100);

/** Any string; flow authors may write `{{ expressions }}` in it. */
export const ZText = z.string();

export const ZStringList = z.array(z.string());

export const ZPullPolicy = z
  .enum(["IF_NOT_PRESENT", "ALWAYS", "NEVER"])
  .describe(
    "When to pull the image: IF_NOT_PRESENT (default) pulls only when the engine lacks it, ALWAYS pulls before every run, NEVER uses only a local image and fails if it is missing.",
  );

export const ZDockerOptions = z
  .object({
    image: z
      .string()
      .min(1, "docker.image must not be empty")
      .describe("Image to run the task in, e.g. `python:3.12-slim` or `registry.example.com/team/app:1.2`. Defaults to the language's image."),
    pullPolicy: ZPullPolicy.optional(),
    entryPoint: ZStringList.optional().describe(
      "Overrides the image's ENTRYPOINT. Default `[\"\"]` clears it so the task's command runs as written.",
    ),
    user: z.string().optional().describe("User (name or uid[:gid]) the process runs as inside the container."),
  })
  .strict()
  .describe("Docker container options: image, pull policy, entry point and user.");

export const ZRunner = z
  .enum(["DOCKER", "PROCESS"])
  .describe("Where the task runs: DOCKER (default) in its own container, PROCESS directly on the server's host.");

/** Properties every task has. */
export const ZTaskBase = {
  id: ZId.describe("Unique id of the task within the flow; other tasks refer to its outputs by it."),
  description: z.string().optional().describe("Free text shown in the editor and the topology."),
  disabled: z.boolean().optional().describe("When true the task is skipped."),
};
