import { checkImage, checkWritableName, PolicyError } from "../runner/container-policy";
import { pushImage, splitTag } from "../runner/docker/build-image";
import { DockerError, engineMessage, statusCodeOf } from "../runner/docker/docker-error";
import { ensureImage } from "../runner/docker/pull-image";
import { State } from "../states/states";
import { toBool } from "../values/values";
import type { CoreTaskRunner } from "./core-tasks";
import { dockerTarget, inspectImage, stringList, taskAuth } from "./docker-task-common";
import { log } from "./task-context";

const DOCKER_HUB = new Set(["registry-1.docker.io", "index.docker.io", "docker.io"]);

/** Kestra's registryHostForImagePrefix: `https://reg.example.com:5000/v2/` → `reg.example.com:5000`; Hub → none. */
function registryPrefix(registry: unknown): string | undefined {
  if (typeof registry !== "string" || registry.trim() === "") return undefined;
  const text = registry.trim();
  const host = text.includes("://") ? new URL(text).host : text.split("/")[0];
  return host && !DOCKER_HUB.has(host) ? host : undefined;
}

/** io.kestra.plugin.docker.Pull: from an allowed registry, never over a default or protected name. */
export const runPull: CoreTaskRunner = async (ctx, task) => {
  const target = dockerTarget(ctx, task);
  let image = String(task.image ?? "").trim();
  // As Kestra: credentials.registry names the registry when the image does not.
  const prefix = registryPrefix((task.credentials as { registry?: unknown } | undefined)?.registry);
  if (prefix && !image.startsWith(prefix)) image = `${prefix}/${image}`;
  const source = checkImage(image, "image", target.policy);
  if (source === "local-only") {
    throw new PolicyError(
      `image ${image} is local-only on this server (an image id, or under OSPREY_PROTECTED_IMAGE_PREFIXES: ${target.policy.protectedPrefixes.join(", ")}): it is never pulled`,
      "OSPREY_PROTECTED_IMAGE_PREFIXES",
    );
  }
  checkWritableName(image, "image", target.policy);
  await ensureImage(target.docker, image, "ALWAYS", (line) => log(ctx, line, "INFO", "system"), taskAuth(task, image));
  const { Id } = await inspectImage(target, image);
  log(ctx, `Successfully pulled image ${image}${target.where}`, "INFO", "system");
  return { state: State.SUCCESS, outputs: { image, imageId: Id } };
};

/** io.kestra.plugin.docker.Tag: another name for a local image; the name must be one a flow may write. */
export const runTag: CoreTaskRunner = async (ctx, task) => {
  const target = dockerTarget(ctx, task);
  const sourceImage = String(task.sourceImage ?? "").trim();
  const targetImage = String(task.targetImage ?? "").trim();
  checkWritableName(targetImage, "targetImage", target.policy);
  // A name that points at a registry must point at an allowed one: it is a push target.
  if (checkImage(targetImage, "targetImage", target.policy) === "local-only")
    throw new Error(`targetImage ${targetImage} is an image id, not a name`);
  const { Id } = await inspectImage(target, sourceImage);
  const { repo, tag } = splitTag(targetImage);
  log(ctx, `Tagging image ${sourceImage} as ${repo}:${tag}${target.where}`, "INFO", "system");
  try {
    await target.docker.getImage(Id).tag({ repo, tag });
  } catch (err) {
    throw new DockerError(`tagging ${sourceImage} as ${targetImage} failed: ${engineMessage(err)}`, {
      image: sourceImage,
      statusCode: statusCodeOf(err),
    });
  }
  return { state: State.SUCCESS, outputs: { image: `${repo}:${tag}`, imageId: Id } };
};

/** io.kestra.plugin.docker.Push: local images to allowed registries; protected and default names never. */
export const runPush: CoreTaskRunner = async (ctx, task) => {
  const target = dockerTarget(ctx, task);
  // As Kestra: a scheme in a tag is dropped.
  const tags = [...new Set(stringList(task.tags).map((t) => t.replace(/^[a-z]+:\/\//i, "")))];
  if (tags.length === 0) throw new Error("tags: at least one tag must be provided");
  // Every tag is checked before the first push: a refusal pushes nothing.
  for (const tag of tags) {
    if (checkImage(tag, "tag", target.policy) === "local-only")
      throw new PolicyError(
        `tag ${tag} is local-only on this server (an image id, or under OSPREY_PROTECTED_IMAGE_PREFIXES: ${target.policy.protectedPrefixes.join(", ")}): it is never pushed`,
        "OSPREY_PROTECTED_IMAGE_PREFIXES",
      );
    checkWritableName(tag, "tag", target.policy);
    await inspectImage(target, tag);
  }
  for (const tag of tags) {
    await pushImage(target.docker, tag, taskAuth(task, tag), (line) => log(ctx, line, "INFO", "system"));
    log(ctx, `Pushed ${tag}${target.where}`, "INFO", "system");
  }
  return { state: State.SUCCESS, outputs: { tags } };
};

/** io.kestra.plugin.docker.ImageLs: `images` (id, repoTags, repoDigests, size, created, labels) and `count`. */
export const runImageLs: CoreTaskRunner = async (ctx, task) => {
  const target = dockerTarget(ctx, task);
  const filters: Record<string, string[]> = {};
  if (task.imageNameFilter !== undefined && task.imageNameFilter !== null && task.imageNameFilter !== "")
    filters.reference = [String(task.imageNameFilter)];
  const labels = Object.entries((task.labelFilter ?? {}) as Record<string, unknown>);
  if (labels.length > 0) filters.label = labels.map(([k, v]) => `${k}=${String(v)}`);
  let list: Awaited<ReturnType<typeof target.docker.listImages>>;
  try {
    list = await target.docker.listImages({ all: toBool(task.showAll, "showAll", false), filters });
  } catch (err) {
    throw new DockerError(`listing images${target.where} failed: ${engineMessage(err)}`, {
      statusCode: statusCodeOf(err),
    });
  }
  const images = list.map((i) => ({
    id: i.Id,
    repoTags: (i.RepoTags ?? []).filter((t) => t !== "<none>:<none>"),
    repoDigests: (i.RepoDigests ?? []).filter((d) => d !== "<none>@<none>"),
    size: i.Size,
    created: i.Created,
    labels: i.Labels ?? {},
  }));
  log(ctx, `Found ${images.length} image(s)${target.where}`, "INFO", "system");
  return { state: State.SUCCESS, outputs: { images, count: images.length } };
};
