/**
 * Builds Osprey's default images (osprey/python, osprey/shell, osprey/node, osprey/r) from the
 * Dockerfiles in scripts/images when they are missing, through dockerode. Image names come from
 * lib/config.ts, the one place they are named.
 */
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { pack } from "tar-stream";
import { config } from "../lib/config";
import { createDocker } from "../lib/runner/docker/docker-client";
import { followProgress } from "../lib/runner/docker/follow-progress";

const IMAGES: Record<string, string> = {
  python: config.OSPREY_IMAGE_PYTHON,
  shell: config.OSPREY_IMAGE_SHELL,
  node: config.OSPREY_IMAGE_NODE,
  r: config.OSPREY_IMAGE_R,
};

const docker = createDocker();
const only = process.argv.slice(2);

/** The label an image carries: the hash of the folder it was built from, so a changed Dockerfile rebuilds it. */
const CONTEXT_LABEL = "dev.osprey.context";

/** Every file of a build folder, nested ones included, by its path inside the folder. */
function filesOf(dir: string, root = dir): [string, Buffer][] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? filesOf(path, root) : [[relative(root, path), readFileSync(path)]];
    });
}

function contextHash(files: [string, Buffer][]): string {
  const hash = createHash("sha256");
  for (const [name, content] of files) hash.update(name).update("\0").update(content).update("\0");
  return hash.digest("hex").slice(0, 16);
}

/** The context hash of the image under `tag`, "" when it has none, null when there is no such image. */
async function builtFrom(tag: string): Promise<string | null> {
  return docker
    .getImage(tag)
    .inspect()
    .then((info) => info.Config?.Labels?.[CONTEXT_LABEL] ?? "")
    .catch(() => null);
}

function contextOf(files: [string, Buffer][]) {
  const archive = pack();
  for (const [name, content] of files) archive.entry({ name }, content);
  archive.finalize();
  return archive as unknown as NodeJS.ReadableStream;
}

async function build(tag: string, files: [string, Buffer][], hash: string): Promise<void> {
  const started = Date.now();
  const stream = await docker.buildImage(contextOf(files), {
    t: tag,
    rm: true,
    forcerm: true,
    labels: { [CONTEXT_LABEL]: hash },
  });
  await followProgress(docker, stream, (why) => new Error(`building ${tag} failed: ${why}`));
  console.error(`[osprey] built ${tag} in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

for (const [lang, tag] of Object.entries(IMAGES)) {
  if (only.length && !only.includes(lang)) continue;
  const files = filesOf(join(import.meta.dirname, "images", lang));
  const hash = contextHash(files);
  const current = await builtFrom(tag);
  if (current === hash) continue;
  console.error(`[osprey] building ${tag} (${current === null ? "only the first time" : "its folder changed"})`);
  await build(tag, files, hash);
}
