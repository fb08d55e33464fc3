import type Docker from "dockerode";
import { DockerError, engineMessage, statusCodeOf } from "./docker-error";
import { followProgress } from "./follow-progress";

/** LOCAL_ONLY is the server's, not a task's: an image that may never come from a registry (see container-policy.ts). */
export type PullPolicy = "IF_NOT_PRESENT" | "ALWAYS" | "NEVER" | "LOCAL_ONLY";

interface ProgressEvent {
  status?: string;
  id?: string;
  progress?: string;
  error?: string;
  errorDetail?: { message?: string };
}

async function imagePresent(docker: Docker, image: string): Promise<boolean> {
  try {
    await docker.getImage(image).inspect();
    return true;
  } catch (err) {
    if (statusCodeOf(err) === 404) return false;
    throw new DockerError(`cannot inspect image ${image}: ${engineMessage(err)}`, {
      image,
      statusCode: statusCodeOf(err),
    });
  }
}

/**
 * Makes `image` available as `policy` asks; progress lines go to `onProgress`.
 * A failed pull surfaces as an event with `errorDetail`, not as a stream error: check both.
 */
export async function ensureImage(
  docker: Docker,
  image: string,
  policy: PullPolicy,
  onProgress: (line: string) => void,
  authconfig?: Docker.AuthConfig,
): Promise<void> {
  if (policy !== "ALWAYS" && (await imagePresent(docker, image))) return;
  if (policy === "NEVER") {
    throw new DockerError(`image ${image} is not present on the Docker engine and pullPolicy is NEVER`, { image });
  }
  if (policy === "LOCAL_ONLY") {
    throw new DockerError(
      `image ${image} is local-only on this server (an image id, or a name under OSPREY_PROTECTED_IMAGE_PREFIXES): it is never pulled, and this Docker engine does not have it; build it here first`,
      { image },
    );
  }
  onProgress(`Pulling image ${image}`);
  let stream: NodeJS.ReadableStream;
  try {
    stream = await docker.pull(image, authconfig ? { authconfig } : {});
  } catch (err) {
    throw new DockerError(`pull of ${image} failed: ${engineMessage(err)}`, { image, statusCode: statusCodeOf(err) });
  }
  const lastStatus = new Map<string, string>();
  await followProgress(
    docker,
    stream,
    (why) => new DockerError(`pull of ${image} failed: ${why}`, { image }),
    (event) => {
      // One line per layer state change, not per progress tick, keeps the log readable.
      if (!event.status || event.error) return;
      const key = event.id ?? "";
      if (lastStatus.get(key) === event.status) return;
      lastStatus.set(key, event.status);
      onProgress(event.id ? `${event.id}: ${event.status}` : event.status);
    },
  );
}
