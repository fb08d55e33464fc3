import { createHash } from "node:crypto";
import type Docker from "dockerode";
import { pack } from "tar-stream";
import { followProgress } from "../runner/docker/follow-progress";

const LABEL = "dev.osprey.fixture";

/**
 * An image a test needs (a CLI from Debian's packages, on Osprey's local base image: no registry is
 * reachable), built once and again only when its Dockerfile changes.
 */
export async function ensureFixtureImage(docker: Docker, tag: string, dockerfile: string): Promise<string> {
  const hash = createHash("sha256").update(dockerfile).digest("hex").slice(0, 16);
  const current = await docker
    .getImage(tag)
    .inspect()
    .then((info) => info.Config?.Labels?.[LABEL])
    .catch(() => undefined);
  if (current === hash) return tag;
  const context = pack();
  context.entry({ name: "Dockerfile" }, dockerfile);
  context.finalize();
  const stream = await docker.buildImage(context as unknown as NodeJS.ReadableStream, {
    t: tag,
    rm: true,
    forcerm: true,
    labels: { [LABEL]: hash },
  });
  await followProgress(docker, stream, (why) => new Error(`building ${tag}: ${why}`));
  return tag;
}
