import "server-only";
import type Docker from "dockerode";
import { config } from "../../config";
import { createDocker } from "./docker-client";

// One Docker client per engine address, kept on globalThis (STYLE habit 3): the server's own
// (DOCKER_HOST, else the local socket) and any a task names with `docker.host`.
const globalForDocker = globalThis as unknown as { __ospreyDockers?: Map<string, Docker> };

export function getDocker(host: string | undefined = config.DOCKER_HOST): Docker {
  globalForDocker.__ospreyDockers ??= new Map();
  const key = host ?? "";
  let docker = globalForDocker.__ospreyDockers.get(key);
  if (!docker) {
    docker = createDocker(host);
    globalForDocker.__ospreyDockers.set(key, docker);
  }
  return docker;
}
