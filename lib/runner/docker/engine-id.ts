import { createHash } from "node:crypto";
import type Docker from "dockerode";

// One look-up per client: an engine's ID does not change while it runs.
const known = new WeakMap<Docker, Promise<string>>();

/**
 * Names a Docker engine (from `docker info`), the same whatever address reaches it: a worker that
 * takes a task run over reattaches to its container only when the container is on its engine.
 */
export function engineIdOf(docker: Docker): Promise<string> {
  let id = known.get(docker);
  if (!id) {
    // The ID alone is not enough: engines on one machine may share it (/etc/docker), and hosts made
    // from one image too. With the host's name and the engine's data directory it names one engine.
    id = docker.info().then((info: { ID?: string; Name?: string; DockerRootDir?: string }) =>
      createHash("sha256")
        .update(`${info.ID ?? ""}|${info.Name ?? ""}|${info.DockerRootDir ?? ""}`)
        .digest("hex")
        .slice(0, 16),
    );
    // A failed look-up (engine down) is asked again next time.
    id.catch(() => known.delete(docker));
    known.set(docker, id);
  }
  return id;
}
