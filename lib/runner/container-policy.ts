import type { TDockerOptions } from "../flow/task-types/docker-options";
import type { PullPolicy } from "./docker/pull-image";
import { registryOfImage } from "./docker/registry-auth";
import { dockerfileImages } from "./dockerfile-images";
import { DEFAULT_DOCKER_HOST, dockerHostKey } from "./docker-host-key";
import { canonicalImage, canonicalPrefix, isImageId } from "./image-ref";
import { toBool } from "../values/values";

/**
 * The one set of container rules for script tasks and Docker Build alike, from the effective
 * configuration (an admin's settings over the environment). Everything here is pure: each check
 * runs before anything reaches Docker, and a refusal names the setting that would allow it.
 */
export interface ContainerPolicy {
  allowPrivileged: boolean;
  allowHostVolumes: boolean;
  /** What the Process task runner gets: the host, a container of the language's image, or a refusal. */
  processRunner: "host" | "container" | "refuse";
  allowHostNetwork: boolean;
  allowPortBindings: boolean;
  allowDeviceRequests: boolean;
  /** Registries images may come from; empty allows all. */
  allowedRegistries: string[];
  /** The server's own engine (DOCKER_HOST, else the default socket): always allowed. */
  ownDockerHost: string;
  /** Further engines a task may name with `host`. */
  allowedDockerHosts: string[];
  /** Name prefixes of images built on this server: never pulled, never a Build's tag. */
  protectedPrefixes: string[];
  /** The configured default images (OSPREY_IMAGE_*): the admin chose them. */
  trustedImages: string[];
  /** Hardening applied to every container; limits only where the task sets none. */
  defaults: {
    memoryBytes?: number;
    cpus?: number;
    pidsLimit?: number;
    noNewPrivileges?: boolean;
  };
}

/** A refusal by the server's container rules; `setting` is what an admin would change to allow it. */
export class PolicyError extends Error {
  constructor(
    message: string,
    readonly setting: string,
  ) {
    super(message);
    this.name = "PolicyError";
  }
}

const allowWith = (setting: string) => `(an admin can allow it with ${setting}=true)`;

/** The PROCESS runner runs on the server's host. */
export function checkRunner(kind: "DOCKER" | "PROCESS", policy: ContainerPolicy): void {
  if (kind === "PROCESS" && policy.processRunner !== "host") {
    throw new PolicyError(
      `runner PROCESS runs the task on the server's host and is disabled on this server (an admin can allow it with OSPREY_PROCESS_RUNNER=host, or run such tasks in containers with OSPREY_PROCESS_RUNNER=container)`,
      "OSPREY_PROCESS_RUNNER",
    );
  }
}

/** A script task's Docker options that reach past its own container. */
export function checkDockerOptions(docker: Partial<TDockerOptions>, policy: ContainerPolicy): void {
  if (toBool(docker.privileged, "docker.privileged", false) && !policy.allowPrivileged) {
    throw new PolicyError(
      `docker.privileged gives the container root on the host and is disabled on this server ${allowWith("OSPREY_ALLOW_PRIVILEGED")}`,
      "OSPREY_ALLOW_PRIVILEGED",
    );
  }
  if ((docker.volumes ?? []).length > 0 && !policy.allowHostVolumes) {
    throw new PolicyError(
      `docker.volumes mounts host folders and is disabled on this server ${allowWith("OSPREY_ALLOW_HOST_VOLUMES")}; use inputFiles and outputFiles instead`,
      "OSPREY_ALLOW_HOST_VOLUMES",
    );
  }
  const network = docker.networkMode?.trim().toLowerCase() ?? "";
  if ((network === "host" || network.startsWith("container:")) && !policy.allowHostNetwork) {
    throw new PolicyError(
      `docker.networkMode ${docker.networkMode} shares ${network === "host" ? "the server's network, its loopback services included," : "another container's network"} and is disabled on this server ${allowWith("OSPREY_ALLOW_HOST_NETWORK")}`,
      "OSPREY_ALLOW_HOST_NETWORK",
    );
  }
  if ((docker.portBindings ?? []).length > 0 && !policy.allowPortBindings) {
    throw new PolicyError(
      `docker.portBindings publishes ports on the server's interfaces and is disabled on this server ${allowWith("OSPREY_ALLOW_PORT_BINDINGS")}`,
      "OSPREY_ALLOW_PORT_BINDINGS",
    );
  }
  if ((docker.deviceRequests ?? []).length > 0 && !policy.allowDeviceRequests) {
    throw new PolicyError(
      `docker.deviceRequests gives the container host devices and is disabled on this server ${allowWith("OSPREY_ALLOW_DEVICE_REQUESTS")}`,
      "OSPREY_ALLOW_DEVICE_REQUESTS",
    );
  }
}

/**
 * The engine a task may send Docker API calls to: the server's own, or one the admin listed.
 * Returns the address to connect to (undefined: the server's own client).
 */
export function checkDockerHost(
  host: string | undefined,
  property: string,
  policy: ContainerPolicy,
): string | undefined {
  if (host === undefined || host.trim() === "") return undefined;
  const key = dockerHostKey(host);
  const own = dockerHostKey(policy.ownDockerHost || DEFAULT_DOCKER_HOST);
  if (key !== null && key === own) return undefined;
  if (key !== null && policy.allowedDockerHosts.some((h) => dockerHostKey(h) === key)) return host.trim();
  const listed = policy.allowedDockerHosts.length ? `: ${policy.allowedDockerHosts.join(", ")}` : "; none is listed";
  throw new PolicyError(
    `${property} "${host}" is not this server's Docker engine nor one it allows (OSPREY_ALLOWED_DOCKER_HOSTS${listed}); an admin can add it there`,
    "OSPREY_ALLOWED_DOCKER_HOSTS",
  );
}

/** Under a protected prefix (e.g. `osprey/`): built on this server, never fetched from a registry. */
export function isProtectedImage(image: string, policy: ContainerPolicy): boolean {
  const name = canonicalImage(image);
  return policy.protectedPrefixes.some((p) => {
    const prefix = canonicalPrefix(p);
    return prefix !== "" && name.startsWith(prefix);
  });
}

/** How an image may reach the engine: only from the engine itself, or from a registry. */
export type ImageSource = "local-only" | "trusted" | "registry";

/**
 * Local-only: under a protected prefix, or an image id. Trusted: a configured default image.
 * Anything else comes from a registry, which must be on the allowlist.
 */
export function checkImage(
  image: string,
  property: string,
  policy: ContainerPolicy,
  trusted: string[] = [],
): ImageSource {
  if (isImageId(image) || isProtectedImage(image, policy)) return "local-only";
  const canonical = canonicalImage(image);
  if ([...policy.trustedImages, ...trusted].some((t) => canonicalImage(t) === canonical)) return "trusted";
  const registry = registryOfImage(image);
  const allowed = policy.allowedRegistries;
  if (allowed.length > 0 && !allowed.includes(registry)) {
    throw new PolicyError(
      `${property} ${image} comes from ${registry}, which is not among this server's allowed registries (OSPREY_ALLOWED_REGISTRIES: ${allowed.join(", ")}); an admin can add it there`,
      "OSPREY_ALLOWED_REGISTRIES",
    );
  }
  return "registry";
}

/** A script task's image and how it may be pulled: a local-only image never is, whatever the task says. */
export function scriptImagePull(
  image: string,
  pullPolicy: PullPolicy,
  defaultImage: string,
  policy: ContainerPolicy,
): PullPolicy {
  return checkImage(image, "image", policy, [defaultImage]) === "local-only" ? "LOCAL_ONLY" : pullPolicy;
}

/** What a Build asks for, as far as the rules care. */
export interface BuildRequest {
  dockerfile: string;
  buildArgs?: Record<string, string>;
  tags: string[];
  pull: boolean;
  push: boolean;
  host?: string;
}

/** Limits for the build's RUN containers, as the Engine's build API takes them. */
export interface BuildLimits {
  memory?: number;
  memswap?: number;
  cpuperiod?: number;
  cpuquota?: number;
  /** RLIMIT_NPROC: the build API has no pids limit; see buildLimits. */
  nproc?: number;
}

export interface BuildDecision {
  /** undefined: the server's own engine. */
  dockerHost?: string;
  /** Base images that must already be on the engine (it would pull a missing one itself). */
  localOnlyImages: string[];
  limits: BuildLimits;
}

/** Every rule a Build must pass: engine, base images, tags; and the limits its steps run under. */
export function checkBuild(request: BuildRequest, policy: ContainerPolicy): BuildDecision {
  const dockerHost = checkDockerHost(request.host, "host", policy);
  const { images, problems } = dockerfileImages(request.dockerfile, request.buildArgs ?? {});
  if (problems.length > 0) {
    const first = problems[0];
    throw new PolicyError(
      `the Dockerfile's base images must be known before the build (to check them against OSPREY_ALLOWED_REGISTRIES and OSPREY_PROTECTED_IMAGE_PREFIXES): line ${first.line}: ${first.message}`,
      "OSPREY_ALLOWED_REGISTRIES",
    );
  }
  const localOnlyImages: string[] = [];
  for (const { image, line, instruction } of images) {
    const source = checkImage(image, `${instruction} (Dockerfile line ${line})`, policy);
    if (source !== "local-only") continue;
    if (request.pull) {
      throw new PolicyError(
        `pull: true would fetch ${image} from a registry, but it is local-only on this server (an image id, or under OSPREY_PROTECTED_IMAGE_PREFIXES: ${policy.protectedPrefixes.join(", ")}); build without pull`,
        "OSPREY_PROTECTED_IMAGE_PREFIXES",
      );
    }
    localOnlyImages.push(image);
  }
  for (const tag of request.tags) checkBuildTag(tag, request.push, policy);
  return { dockerHost, localOnlyImages, limits: buildLimits(policy) };
}

/** A Build may not write over a default image or anything under a protected prefix, here or in a registry. */
function checkBuildTag(tag: string, push: boolean, policy: ContainerPolicy): void {
  checkWritableName(tag, push ? "tag (and push target)" : "tag", policy, "would run the built image");
}

/**
 * A name a task writes (a Build's tag, a Tag's or Pull's target): never a default image (every task
 * using it would change) nor one under a protected prefix. `effect`: what would happen to those tasks.
 */
export function checkWritableName(
  image: string,
  what: string,
  policy: ContainerPolicy,
  effect = "would get another image",
): void {
  const defaultImage = policy.trustedImages.find((t) => canonicalImage(t) === canonicalImage(image));
  if (defaultImage) {
    throw new PolicyError(
      `${what} ${image} is this server's default image ${defaultImage} (OSPREY_IMAGE_*): every task that uses it ${effect}; pick another name`,
      "OSPREY_IMAGE_*",
    );
  }
  if (isProtectedImage(image, policy)) {
    throw new PolicyError(
      `${what} ${image} is under a protected prefix (OSPREY_PROTECTED_IMAGE_PREFIXES: ${policy.protectedPrefixes.join(", ")}): those images are this server's own; pick another name`,
      "OSPREY_PROTECTED_IMAGE_PREFIXES",
    );
  }
}

/**
 * The server's defaults as build limits: memory (swap included: memswap = memory, so the limit
 * is not doubled by swap) and CPUs. The build API has no pids limit; the closest it offers is the
 * `nproc` ulimit, which the kernel counts per user across the host and does not enforce for root,
 * so it bounds RUN steps that run as another user only.
 */
export function buildLimits(policy: ContainerPolicy): BuildLimits {
  const { cpus, pidsLimit } = policy.defaults;
  const memory =
    policy.defaults.memoryBytes !== undefined && policy.defaults.memoryBytes > 0
      ? policy.defaults.memoryBytes
      : undefined;
  const period = 100_000;
  return withoutUndefined({
    memory,
    memswap: memory,
    cpuperiod: cpus !== undefined ? period : undefined,
    cpuquota: cpus !== undefined ? Math.max(1_000, Math.round(cpus * period)) : undefined,
    nproc: pidsLimit !== undefined && pidsLimit > 0 ? pidsLimit : undefined,
  });
}

function withoutUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}
