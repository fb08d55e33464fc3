import type Docker from "dockerode";
import { pack } from "tar-stream";
import type { BuildLimits } from "../container-policy";
import { DockerError, engineMessage, statusCodeOf } from "./docker-error";
import { followProgress } from "./follow-progress";

export interface BuildSpec {
  dockerfile: string;
  files: Record<string, string | Buffer>;
  tags: string[];
  buildArgs?: Record<string, string>;
  /** Image labels (`docker build --label`). */
  labels?: Record<string, string>;
  pull: boolean;
  platform?: string;
  /** The server's limits for the build's RUN containers (container-policy.ts buildLimits). */
  limits: BuildLimits;
}

/**
 * Builds an image through the Docker API from an inline Dockerfile and files (a tar context made
 * in memory); progress lines go to `onLine`. A failed build is an event with `errorDetail`.
 */
export async function buildImage(docker: Docker, spec: BuildSpec, onLine: (line: string) => void): Promise<string> {
  const context = pack();
  context.entry({ name: "Dockerfile" }, spec.dockerfile);
  for (const [name, content] of Object.entries(spec.files)) context.entry({ name }, content);
  context.finalize();
  const { memory, memswap, cpuperiod, cpuquota, nproc } = spec.limits;
  let stream: NodeJS.ReadableStream;
  try {
    stream = await docker.buildImage(
      context as unknown as NodeJS.ReadableStream,
      {
        t: spec.tags[0],
        buildargs: spec.buildArgs,
        labels: spec.labels,
        pull: spec.pull ? "1" : undefined,
        platform: spec.platform,
        rm: true,
        forcerm: true,
        memory,
        memswap,
        cpuperiod,
        cpuquota,
        // The engine reads a JSON array here; dockerode would send a plain array as repeated keys.
        ulimits: nproc ? JSON.stringify([{ Name: "nproc", Soft: nproc, Hard: nproc }]) : undefined,
      } as unknown as Docker.ImageBuildOptions,
    );
  } catch (err) {
    throw new DockerError(`build failed: ${engineMessage(err)}`, { statusCode: statusCodeOf(err) });
  }
  let imageId: string | undefined;
  await followProgress(
    docker,
    stream,
    (why) => new DockerError(`build failed: ${why}`, {}),
    (e) => {
      if (e.aux?.ID) imageId = e.aux.ID;
      const text = e.stream ?? e.status;
      if (text) for (const line of text.split("\n")) if (line.trim()) onLine(line.replace(/\s+$/, ""));
    },
  );
  imageId ??= (await docker.getImage(spec.tags[0]).inspect()).Id;
  for (const tag of spec.tags.slice(1)) {
    const { repo, tag: version } = splitTag(tag);
    await docker.getImage(imageId).tag({ repo, tag: version });
  }
  return imageId;
}

/** Pushes a tag, following progress; a refused push is an event with `errorDetail`. */
export async function pushImage(
  docker: Docker,
  tag: string,
  auth: Docker.AuthConfig | undefined,
  onLine: (line: string) => void,
): Promise<void> {
  const { repo, tag: version } = splitTag(tag);
  const stream = (await docker
    .getImage(`${repo}:${version}`)
    .push({ tag: version, authconfig: auth } as never)) as unknown as NodeJS.ReadableStream;
  await followProgress(
    docker,
    stream,
    (why) => new DockerError(`push of ${tag} failed: ${why}`, { image: tag }),
    (e) => {
      if (e.status && !e.progressDetail?.current) onLine(`push ${tag}: ${e.status}`);
    },
  );
}

/** `registry:5000/team/app:1.2` → repo `registry:5000/team/app`, tag `1.2` (default latest). */
export function splitTag(ref: string): { repo: string; tag: string } {
  const slash = ref.lastIndexOf("/");
  const colon = ref.lastIndexOf(":");
  return colon > slash ? { repo: ref.slice(0, colon), tag: ref.slice(colon + 1) } : { repo: ref, tag: "latest" };
}
