import Docker from "dockerode";
import { config } from "../../config";

// One Docker client per process (STYLE habit 3). dockerode reads DOCKER_HOST itself when set,
// else it talks to the local socket.
const globalForDocker = globalThis as unknown as { __ospreyDocker?: Docker };

export function createDocker(host: string | undefined = config.DOCKER_HOST): Docker {
  return host ? new Docker() : new Docker({ socketPath: "/var/run/docker.sock" });
}

export function getDocker(): Docker {
  globalForDocker.__ospreyDocker ??= createDocker();
  return globalForDocker.__ospreyDocker;
}
