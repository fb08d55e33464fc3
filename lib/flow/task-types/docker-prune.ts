import { z } from "zod";
import { ZBool, ZStringList } from "./common";
import { dockerConnectionShape } from "./docker-connection";
import { type EngineTaskDefinition, engineTask } from "./engine-task";

// Kestra's Prune (io.kestra.plugin.docker.cli.Prune, old name io.kestra.plugin.docker.Prune): one kind
// of unused resource per task. Osprey removes only what it owns (docker-task-common.ts), one by one.

export const DOCKER_PRUNE = "io.kestra.plugin.docker.Prune";

export const PRUNE_TYPES = ["BUILD", "CONTAINERS", "IMAGES", "NETWORKS", "VOLUMES"] as const;

const shape = {
  ...dockerConnectionShape,
  pruneType: z
    .enum(PRUNE_TYPES)
    .describe(
      "What to prune: CONTAINERS (stopped ones), IMAGES (unused ones), NETWORKS and VOLUMES (unused ones), or BUILD (the build cache, which carries no owner: only with OSPREY_DOCKER_TASKS_ALLOW_FOREIGN).",
    ),
  dangling: ZBool.optional().describe(
    "For IMAGES: true prunes only untagged images; false (default) every unused image.",
  ),
  until: z
    .string()
    .optional()
    .describe(
      "For CONTAINERS and IMAGES: only those created before this timestamp (Unix seconds or RFC 3339) or this long ago (a Go duration such as `10m`, `1h30m`).",
    ),
  labelFilters: ZStringList.optional().describe(
    'Only resources carrying all these labels: `key` or `key=value`, e.g. `["team=data"]`.',
  ),
};

const description =
  "Remove unused Docker resources of one kind. Only Osprey's own: containers, volumes and networks carrying this server's `io.osprey.managed` and `io.osprey.instance` labels (not those of a task still running), images carrying `io.osprey.managed`; an admin may allow others with OSPREY_DOCKER_TASKS_ALLOW_FOREIGN. A default image (OSPREY_IMAGE_*) or one under OSPREY_PROTECTED_IMAGE_PREFIXES is never removed. Outputs `removed` (ids) and `count`.";

/** Today's name (`cli.Prune`) is read as this one, as for every Docker task (lib/flow/aliases.ts). */
export const dockerPruneTasks: EngineTaskDefinition[] = [
  engineTask("core", DOCKER_PRUNE, "Docker Prune", description, shape),
];
