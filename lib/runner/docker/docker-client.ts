import Docker from "dockerode";
import { config } from "../../config";
import { dockerOptionsFor } from "./docker-host";

/** A Docker client for an engine address (`DOCKER_HOST` form), else the server's configured one. */
export function createDocker(host: string | undefined = config.DOCKER_HOST): Docker {
  return new Docker(dockerOptionsFor(host));
}
