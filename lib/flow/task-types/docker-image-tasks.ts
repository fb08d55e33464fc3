import { z } from "zod";
import { ZBool, ZStringList } from "./common";
import { dockerComposeTasks } from "./docker-compose";
import { dockerPruneTasks } from "./docker-prune";
import { dockerConnectionShape } from "./docker-connection";
import { engineTask } from "./engine-task";

// Kestra's io.kestra.plugin.docker tasks that act on images and containers (not Run or Build).
// They run in the server against a Docker engine, under the same container rules as every task.

const DOCKER = "io.kestra.plugin.docker";

export const DOCKER_PULL = `${DOCKER}.Pull`;
export const DOCKER_TAG = `${DOCKER}.Tag`;
export const DOCKER_PUSH = `${DOCKER}.Push`;
export const DOCKER_RM = `${DOCKER}.Rm`;
export const DOCKER_STOP = `${DOCKER}.Stop`;
export const DOCKER_IMAGE_LS = `${DOCKER}.ImageLs`;

const OWNED =
  "Only what Osprey owns: containers carrying this server's Osprey labels, and images whose every tag is a name a flow may write (not a default image OSPREY_IMAGE_*, not under OSPREY_PROTECTED_IMAGE_PREFIXES) or that carry Osprey's `io.osprey.managed` label. An admin may allow others with OSPREY_DOCKER_TASKS_ALLOW_FOREIGN (default and protected images excepted).";

export const pullTask = engineTask(
  "core",
  DOCKER_PULL,
  "Docker Pull",
  "Pull a Docker image from a registry the server allows (OSPREY_ALLOWED_REGISTRIES). Never a default image (OSPREY_IMAGE_*) nor a name under OSPREY_PROTECTED_IMAGE_PREFIXES. Outputs `image` and `imageId`.",
  {
    ...dockerConnectionShape,
    image: z.string().min(1, "image must not be empty").describe("The image to pull, e.g. `alpine:3.20`."),
  },
);

export const tagTask = engineTask(
  "core",
  DOCKER_TAG,
  "Docker Tag",
  "Give an existing image another name. The target may not be a default image (OSPREY_IMAGE_*) nor under OSPREY_PROTECTED_IMAGE_PREFIXES, and must name an allowed registry. Outputs `image` and `imageId`.",
  {
    ...dockerConnectionShape,
    sourceImage: z.string().min(1, "sourceImage must not be empty").describe("Source image name or id."),
    targetImage: z
      .string()
      .min(1, "targetImage must not be empty")
      .describe("Target image name, e.g. `registry.example.com/prod/app:1.0` (tag `latest` when none)."),
  },
);

export const pushTask = engineTask(
  "core",
  DOCKER_PUSH,
  "Docker Push",
  "Push existing images to their registry (one the server allows, OSPREY_ALLOWED_REGISTRIES), with `credentials` or `config`. Names under OSPREY_PROTECTED_IMAGE_PREFIXES are never pushed. Outputs `tags`.",
  {
    ...dockerConnectionShape,
    tags: ZStringList.min(1, "give at least one tag").describe(
      "Fully qualified references to push, e.g. `registry.example.com/team/app:1.0`.",
    ),
  },
);

export const rmTask = engineTask("core", DOCKER_RM, "Docker Rm", `Remove containers and images. ${OWNED}`, {
  ...dockerConnectionShape,
  containerIds: ZStringList.optional().describe("Containers (id, id prefix or name) to remove."),
  imageIds: ZStringList.optional().describe("Images (id or name) to remove."),
  removeVolumes: ZBool.optional().describe("Remove the containers' anonymous volumes too. Default false."),
  force: ZBool.optional().describe("Remove running containers and images in use. Default false."),
});

export const stopTask = engineTask(
  "core",
  DOCKER_STOP,
  "Docker Stop",
  `Stop (or kill) a container, then remove it unless \`delete\` is false. ${OWNED}`,
  {
    ...dockerConnectionShape,
    containerId: z.string().min(1, "containerId must not be empty").describe("Container id, id prefix or name."),
    kill: ZBool.optional().describe("Send SIGKILL instead of a graceful stop. Default false."),
    delete: ZBool.optional().describe("Remove the container after it stopped. Default true."),
  },
);

export const imageLsTask = engineTask(
  "core",
  DOCKER_IMAGE_LS,
  "Docker ImageLs",
  "List the images of a Docker engine: `outputs.<id>.images` (id, repoTags, repoDigests, size, created, labels) and `count`.",
  {
    ...dockerConnectionShape,
    showAll: ZBool.optional().describe("Include intermediate and dangling images. Default false."),
    imageNameFilter: z
      .string()
      .optional()
      .describe("Only images matching this reference, e.g. `alpine` or `alpine:3.18` (Docker's `reference` filter)."),
    labelFilter: z
      .record(z.string(), z.string())
      .optional()
      .describe("Only images carrying all these labels, e.g. `{env: prod}`."),
  },
);

/** Every Docker task the server runs itself: these, Prune and Compose. */
export const dockerImageTasks = [
  pullTask,
  tagTask,
  pushTask,
  rmTask,
  stopTask,
  imageLsTask,
  ...dockerPruneTasks,
  ...dockerComposeTasks,
];
