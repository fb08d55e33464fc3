import { registryOfImage } from "./docker/registry-auth";

/** An image reference split the way the engine reads it: `registry/repository[:tag][@digest]`. */
export interface ImageRef {
  registry: string;
  /** Docker Hub's official images keep their implicit `library/`. */
  repository: string;
  tag?: string;
  digest?: string;
}

const HUB_ALIASES = new Set(["docker.io", "index.docker.io", "registry-1.docker.io"]);

export function parseImageRef(image: string): ImageRef {
  const text = image.trim();
  const at = text.indexOf("@");
  const name = at >= 0 ? text.slice(0, at) : text;
  const digest = at >= 0 ? text.slice(at + 1) : undefined;
  const registry = registryOfImage(name);
  let path = registry === "docker.io" && !name.startsWith("docker.io/") ? name : name.slice(registry.length + 1);
  const colon = path.lastIndexOf(":");
  const tag = colon > path.lastIndexOf("/") ? path.slice(colon + 1) : undefined;
  if (tag !== undefined) path = path.slice(0, colon);
  const hub = HUB_ALIASES.has(registry);
  return {
    registry: hub ? "docker.io" : registry,
    repository: hub && !path.includes("/") ? `library/${path}` : path,
    tag,
    digest,
  };
}

/**
 * The name as people write it, with what the engine assumes filled in or dropped: Docker Hub's
 * `docker.io/` and `library/` dropped, `:latest` added when there is neither tag nor digest.
 * `osprey/shell`, `docker.io/osprey/shell:latest` and `osprey/shell:latest` are one image.
 */
export function canonicalImage(image: string): string {
  const ref = parseImageRef(image);
  const name =
    ref.registry === "docker.io" ? ref.repository.replace(/^library\//, "") : `${ref.registry}/${ref.repository}`;
  if (ref.digest) return `${name}${ref.tag ? `:${ref.tag}` : ""}@${ref.digest}`;
  return `${name}:${ref.tag ?? "latest"}`;
}

/** A prefix in the same form as canonicalImage's names (`docker.io/osprey/` → `osprey/`). */
export function canonicalPrefix(prefix: string): string {
  const text = prefix.trim();
  for (const alias of HUB_ALIASES)
    if (text.startsWith(`${alias}/`)) return text.slice(alias.length + 1).replace(/^library\//, "");
  return text;
}

/**
 * An image id (`sha256:<64 hex>`, or the 64 hex alone) names an image on this engine: no registry
 * serves it, so it is never pulled.
 */
export function isImageId(image: string): boolean {
  return /^(sha256:)?[0-9a-f]{64}$/.test(image.trim());
}
