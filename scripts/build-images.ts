/**
 * Builds Osprey's default images (osprey/python, osprey/shell, osprey/node, osprey/r) from the
 * Dockerfiles in scripts/images when they are missing, through dockerode. Image names come from
 * lib/config.ts, the one place they are named.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { pack } from "tar-stream";
import { config } from "../lib/config";
import { createDocker } from "../lib/runner/docker/docker-client";

const IMAGES: Record<string, string> = {
  python: config.OSPREY_IMAGE_PYTHON,
  shell: config.OSPREY_IMAGE_SHELL,
  node: config.OSPREY_IMAGE_NODE,
  r: config.OSPREY_IMAGE_R,
};

const docker = createDocker();
const only = process.argv.slice(2);

async function exists(tag: string): Promise<boolean> {
  return docker
    .getImage(tag)
    .inspect()
    .then(() => true)
    .catch(() => false);
}

function contextOf(dir: string) {
  const archive = pack();
  for (const name of readdirSync(dir)) archive.entry({ name }, readFileSync(join(dir, name)));
  archive.finalize();
  return archive as unknown as NodeJS.ReadableStream;
}

async function build(lang: string, tag: string): Promise<void> {
  const started = Date.now();
  const stream = await docker.buildImage(contextOf(join(import.meta.dirname, "images", lang)), {
    t: tag,
    rm: true,
    forcerm: true,
  });
  await new Promise<void>((resolve, reject) =>
    docker.modem.followProgress(
      stream,
      (err: Error | null, events: { error?: string; errorDetail?: { message?: string } }[]) => {
        const failed = events?.find((e) => e.error || e.errorDetail);
        if (err || failed)
          reject(new Error(`building ${tag} failed: ${failed?.errorDetail?.message ?? failed?.error ?? err?.message}`));
        else resolve();
      },
    ),
  );
  console.error(`[osprey] built ${tag} in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

for (const [lang, tag] of Object.entries(IMAGES)) {
  if (only.length && !only.includes(lang)) continue;
  if (await exists(tag)) continue;
  console.error(`[osprey] building ${tag} (only the first time)`);
  await build(lang, tag);
}
