import { z } from "zod";
import { ZBool, ZCredentials, ZDuration, ZMemorySize, ZNumber, ZStringList } from "./common";

export const ZPullPolicy = z
  .enum(["IF_NOT_PRESENT", "ALWAYS", "NEVER"])
  .describe(
    "When to pull the image: IF_NOT_PRESENT (default) pulls only when the engine lacks it, ALWAYS pulls before every run, NEVER uses only a local image and fails if it is missing. A local-only image (protected prefix or image id) is never pulled, whatever this says.",
  );

const ZDeviceRequest = z
  .object({
    driver: z.string().optional().describe("Device driver, e.g. `nvidia`."),
    count: ZNumber.optional().describe("How many devices; -1 for all."),
    deviceIds: ZStringList.optional().describe("Device ids to use instead of a count."),
    capabilities: z.array(ZStringList).optional().describe("Capabilities, e.g. `[[gpu]]`."),
    options: z.record(z.string(), z.string()).optional().describe("Driver options."),
  })
  .strict();

/**
 * Every Docker property, shared by `docker:` (the seed's form) and a Docker `taskRunner:`.
 * Descriptions here are what the editor shows on hover.
 */
export const dockerShape = {
  image: z
    .string()
    .min(1, "the image must not be empty")
    .describe(
      "Image to run the task in, e.g. `python:3.12-slim` or `registry.example.com/team/app:1.2`. Defaults to the language's image. Must come from a registry the server allows (OSPREY_ALLOWED_REGISTRIES); images under a protected prefix (OSPREY_PROTECTED_IMAGE_PREFIXES, default `osprey/`) and image ids are local-only: never pulled.",
    ),
  pullPolicy: ZPullPolicy.optional(),
  credentials: ZCredentials.optional(),
  config: z
    .union([z.string(), z.record(z.string(), z.unknown())])
    .optional()
    .describe("A Docker config.json (as text or a map); its `auths` authenticate pulls, as `docker login` would."),
  host: z
    .string()
    .optional()
    .describe(
      "Docker engine for this task, e.g. `tcp://build-host:2376`. Default: the server's. Any other engine must be listed by an admin in OSPREY_ALLOWED_DOCKER_HOSTS.",
    ),
  entryPoint: ZStringList.optional().describe(
    "Overrides the image's ENTRYPOINT. Default `[\"\"]` clears it so the task's command runs as written.",
  ),
  user: z.string().optional().describe("User (name or uid[:gid]) the process runs as inside the container."),
  env: z
    .record(z.string(), z.string())
    .optional()
    .describe("Environment variables set in the container (task `env` wins on conflicts)."),
  networkMode: z
    .string()
    .optional()
    .describe(
      "Docker network mode: `bridge` (default), `none`, a network name, or `host` / `container:<id>` (refused unless the server allows it: OSPREY_ALLOW_HOST_NETWORK).",
    ),
  extraHosts: ZStringList.optional().describe("Extra /etc/hosts entries, `host:ip`."),
  portBindings: ZStringList.optional().describe(
    "Published ports, `hostPort:containerPort[/proto]`, e.g. `8080:80`. Refused unless the server allows it (OSPREY_ALLOW_PORT_BINDINGS).",
  ),
  cpu: z
    .object({ cpus: ZNumber.optional().describe("CPUs the container may use, e.g. 1.5.") })
    .strict()
    .optional()
    .describe("CPU limits."),
  memory: z
    .object({
      memory: ZMemorySize.optional().describe("Hard memory limit, e.g. `512Mb`."),
      memorySwap: ZMemorySize.optional().describe("Memory plus swap limit; -1 for unlimited swap."),
      memoryReservation: ZMemorySize.optional().describe("Soft limit the engine tries to keep the container under."),
      memorySwappiness: ZNumber.optional().describe("0–100: how readily the kernel swaps this container's pages."),
      kernelMemory: ZMemorySize.optional().describe("Kernel memory limit (ignored by recent engines)."),
      oomKillDisable: ZBool.optional().describe("Do not kill the container when it runs out of memory."),
    })
    .strict()
    .optional()
    .describe("Memory limits."),
  shmSize: ZMemorySize.optional().describe("Size of /dev/shm, e.g. `256Mb`."),
  privileged: ZBool.optional().describe(
    "Run with extended privileges. Refused unless the server allows it (OSPREY_ALLOW_PRIVILEGED).",
  ),
  volumes: ZStringList.optional().describe(
    "Host volumes, `/host/path:/container/path[:ro]`. Refused unless the server allows it (OSPREY_ALLOW_HOST_VOLUMES).",
  ),
  deviceRequests: z
    .array(ZDeviceRequest)
    .optional()
    .describe(
      "Devices such as GPUs to expose to the container. Refused unless the server allows it (OSPREY_ALLOW_DEVICE_REQUESTS).",
    ),
  delete: ZBool.optional().describe("Remove the container when the task ends. Default true."),
  killGracePeriod: ZDuration.optional().describe(
    "On kill or timeout, how long to wait after SIGTERM before SIGKILL. Default PT0S (kill at once).",
  ),
  resume: ZBool.optional().describe(
    "After a server restart, reattach to the task's still-running container instead of starting a new one. Default true.",
  ),
};

export const ZDockerOptions = z
  .object(dockerShape)
  .strict()
  .describe("Docker container options (image, pull policy, credentials, limits…).");

export type TDockerOptions = z.infer<typeof ZDockerOptions>;

export const DOCKER_RUNNER_TYPE = "io.kestra.plugin.scripts.runner.docker.Docker";
export const PROCESS_RUNNER_TYPE = "io.kestra.plugin.core.runner.Process";

export const ZTaskRunner = z
  .union([
    z
      .object({ type: z.literal(DOCKER_RUNNER_TYPE), ...dockerShape, image: dockerShape.image.optional() })
      .strict()
      .describe("Run the task in a Docker container (the default)."),
    z
      .object({ type: z.literal(PROCESS_RUNNER_TYPE) })
      .strict()
      .describe("Run the task as a process on the server's host. Refused unless the server allows it."),
  ])
  .describe(
    "Where the task runs: `io.kestra.plugin.scripts.runner.docker.Docker` or `io.kestra.plugin.core.runner.Process`.",
  );
