import { createHash } from "node:crypto";
import type Docker from "dockerode";
import { pack } from "tar-stream";

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
  await new Promise<void>((resolve, reject) =>
    docker.modem.followProgress(
      stream,
      (err: Error | null, events: { error?: string; errorDetail?: { message?: string } }[]) => {
        const failed = events?.find((e) => e.error || e.errorDetail);
        if (err || failed)
          reject(new Error(`building ${tag}: ${failed?.errorDetail?.message ?? failed?.error ?? err?.message}`));
        else resolve();
      },
    ),
  );
  return tag;
}
