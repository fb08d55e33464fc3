import type Docker from "dockerode";
import type { AuthConfig } from "dockerode";
import {
  type ContainerPolicy,
  checkDockerHost,
  checkWritableName,
  isProtectedImage,
  PolicyError,
} from "../runner/container-policy";
import { canonicalImage } from "../runner/image-ref";
import { DockerError, engineMessage, statusCodeOf } from "../runner/docker/docker-error";
import { LABEL_INSTANCE, LABEL_MANAGED } from "../runner/docker/labels";
import { authFor, type RegistryCredentials } from "../runner/docker/registry-auth";
import { hostPolicy } from "../runner/host-policy";
import type { TaskContext } from "./task-context";

/**
 * What the Docker image and container tasks share: the engine a task may reach, registry auth,
 * and which containers and images are Osprey's own (the only ones Rm and Stop touch).
 *
 * Ownership rule. A container is Osprey's when it carries `io.osprey.managed=true` and this
 * server's `io.osprey.instance`. An image is Osprey's when it carries `io.osprey.managed=true`, or
 * when every name it has is one a flow may write (Build, Tag, Pull): not a default image
 * (OSPREY_IMAGE_*), not under OSPREY_PROTECTED_IMAGE_PREFIXES. An untagged image without the label
 * is nobody's we can tell, so it is refused. With OSPREY_DOCKER_TASKS_ALLOW_FOREIGN anything goes but
 * a default image or a name under a protected prefix: those are the server's own tools.
 */

/** The admin setting that lets Rm, Stop and Prune act on what Osprey does not own (default images and
 *  protected prefixes excepted). */
export const FOREIGN_SETTING = "OSPREY_DOCKER_TASKS_ALLOW_FOREIGN";

/** Whether an admin lets these tasks act on containers and images Osprey does not own. */
export const foreignAllowed = (ctx: TaskContext): boolean => ctx.deps.config.OSPREY_DOCKER_TASKS_ALLOW_FOREIGN;

export interface DockerTarget {
  docker: Docker;
  policy: ContainerPolicy;
  /** What a message says about where: "" for the server's engine, " on <host>" otherwise. */
  where: string;
  /** The other engine's address; undefined for the server's own. */
  host?: string;
}

/** The engine the task named with `host` (the server's own by default), once the rules allow it. */
export function dockerTarget(ctx: TaskContext, task: Record<string, unknown>): DockerTarget {
  const policy = hostPolicy(ctx.deps.config);
  const host = task.host === undefined || task.host === null ? undefined : String(task.host);
  const dockerHost = checkDockerHost(host, "host", policy);
  if (!dockerHost) return { docker: ctx.deps.docker, policy, where: "" };
  const docker = ctx.deps.dockerFor?.(dockerHost);
  if (!docker) throw new Error(`host ${dockerHost}: this server cannot open a client for another Docker engine`);
  return { docker, policy, where: ` on ${dockerHost}`, host: dockerHost };
}

/** Registry auth for `image` from the task's `credentials` or `config` (a Docker config.json). */
export function taskAuth(task: Record<string, unknown>, image: string): AuthConfig | undefined {
  return authFor(
    image,
    task.credentials as RegistryCredentials | undefined,
    task.config as string | Record<string, unknown> | undefined,
  );
}

/** A rendered list property: an array, a JSON array text, or one value. */
export function stringList(value: unknown): string[] {
  if (value === undefined || value === null || value === "") return [];
  if (Array.isArray(value)) return value.map(String);
  const text = String(value).trim();
  if (text.startsWith("[")) return (JSON.parse(text) as unknown[]).map(String);
  return [text];
}

/** The image's inspect data; a missing image is an error that names it. */
export async function inspectImage(target: DockerTarget, image: string): Promise<Docker.ImageInspectInfo> {
  try {
    return await target.docker.getImage(image).inspect();
  } catch (err) {
    const statusCode = statusCodeOf(err);
    const why = statusCode === 404 ? "no such image" : engineMessage(err);
    throw new DockerError(`image ${image}: ${why} on the Docker engine${target.where}`, { image, statusCode });
  }
}

/** The container's inspect data; a missing container is an error that names it. */
export async function inspectContainer(target: DockerTarget, id: string): Promise<Docker.ContainerInspectInfo> {
  try {
    return await target.docker.getContainer(id).inspect();
  } catch (err) {
    const statusCode = statusCodeOf(err);
    const why = statusCode === 404 ? "no such container" : engineMessage(err);
    throw new DockerError(`container ${id}: ${why} on the Docker engine${target.where}`, {
      containerId: id,
      statusCode,
    });
  }
}

const allowWith = `(an admin can allow acting on others with ${FOREIGN_SETTING}=true)`;

/** A container this server started: Osprey's label and this server's instance. */
export function isOwnedContainer(ctx: TaskContext, labels: Record<string, string> | undefined): boolean {
  return labels?.[LABEL_MANAGED] === "true" && labels?.[LABEL_INSTANCE] === ctx.deps.instance;
}

/** Refuses a container this server did not start (it lacks this server's Osprey labels). */
export function checkOwnedContainer(ctx: TaskContext, id: string, info: Docker.ContainerInspectInfo): void {
  const labels = info.Config?.Labels ?? {};
  if (foreignAllowed(ctx) || isOwnedContainer(ctx, labels)) return;
  throw new PolicyError(
    `container ${id} (${info.Name.replace(/^\//, "")}) was not started by this Osprey server (it lacks the ${LABEL_MANAGED} and ${LABEL_INSTANCE} labels): Docker tasks stop and remove only Osprey's own containers ${allowWith}`,
    FOREIGN_SETTING,
  );
}

/**
 * Refuses an image that is not Osprey's (see the rule above). By name only that name goes (the
 * engine keeps the image while it has others); by id every name goes, so each must be writable.
 */
export function checkOwnedImage(
  image: string,
  info: Docker.ImageInspectInfo,
  policy: ContainerPolicy,
  allowForeign = false,
): void {
  const byName = !info.Id.replace(/^sha256:/, "").startsWith(image.replace(/^sha256:/, ""));
  const names = byName ? [image] : (info.RepoTags ?? []).filter((t) => t !== "<none>:<none>");
  // Even when foreign images may go, the server's own (default, protected) stay.
  if (allowForeign) {
    const own = serverImageName(names, policy);
    if (own === undefined) return;
    throw new PolicyError(
      `image ${image} is ${own}, one of this server's own images (a default image OSPREY_IMAGE_*, or under OSPREY_PROTECTED_IMAGE_PREFIXES: ${policy.protectedPrefixes.join(", ")}): Docker tasks never remove it`,
      "OSPREY_PROTECTED_IMAGE_PREFIXES",
    );
  }
  if (info.Config?.Labels?.[LABEL_MANAGED] === "true") return;
  const refuse = (why: string) =>
    new PolicyError(
      `image ${image} is not one Osprey owns (${why}): Docker tasks remove only images a flow may write, or that carry the ${LABEL_MANAGED} label ${allowWith}`,
      FOREIGN_SETTING,
    );
  if (names.length === 0) throw refuse("it has no name, and no Osprey label");
  for (const name of names) {
    try {
      checkWritableName(name, "name", policy);
    } catch (err) {
      if (err instanceof PolicyError) throw refuse(err.message);
      throw err;
    }
  }
}

/** The first of `names` that is one of the server's own images: a default image, or under a protected prefix. */
export function serverImageName(names: string[], policy: ContainerPolicy): string | undefined {
  const defaults = new Set(policy.trustedImages.map(canonicalImage));
  return names.find((n) => isProtectedImage(n, policy) || defaults.has(canonicalImage(n)));
}
