import { listOf, type TConfig } from "../config";
import { type ContainerPolicy, PolicyError } from "./container-policy";
import { DEFAULT_DOCKER_HOST, dockerHostKey } from "./docker-host-key";
import { memoryBytes } from "../values/values";

/** The admin's container rules, from the effective configuration (settings over the environment). */
export function hostPolicy(config: TConfig): ContainerPolicy {
  const allowedDockerHosts = listOf(config.OSPREY_ALLOWED_DOCKER_HOSTS);
  // A listed engine that no client could reach is a typo: refuse it where the admin types it.
  const unreadable = allowedDockerHosts.find((h) => dockerHostKey(h) === null);
  if (unreadable !== undefined) {
    throw new PolicyError(
      `OSPREY_ALLOWED_DOCKER_HOSTS: "${unreadable}" is not a Docker address (unix://, tcp://, https:// or ssh://)`,
      "OSPREY_ALLOWED_DOCKER_HOSTS",
    );
  }
  return {
    allowPrivileged: config.OSPREY_ALLOW_PRIVILEGED,
    allowHostVolumes: config.OSPREY_ALLOW_HOST_VOLUMES,
    processRunner: config.OSPREY_ALLOW_PROCESS_RUNNER ? "host" : config.OSPREY_PROCESS_RUNNER,
    allowHostNetwork: config.OSPREY_ALLOW_HOST_NETWORK,
    allowPortBindings: config.OSPREY_ALLOW_PORT_BINDINGS,
    allowDeviceRequests: config.OSPREY_ALLOW_DEVICE_REQUESTS,
    allowedRegistries: listOf(config.OSPREY_ALLOWED_REGISTRIES),
    ownDockerHost: config.DOCKER_HOST || DEFAULT_DOCKER_HOST,
    allowedDockerHosts,
    protectedPrefixes: listOf(config.OSPREY_PROTECTED_IMAGE_PREFIXES),
    trustedImages: [
      config.OSPREY_IMAGE_PYTHON,
      config.OSPREY_IMAGE_SHELL,
      config.OSPREY_IMAGE_NODE,
      config.OSPREY_IMAGE_R,
      config.OSPREY_IMAGE_JULIA,
    ],
    defaults: {
      memoryBytes: memoryBytes(config.OSPREY_DEFAULT_MEMORY, "OSPREY_DEFAULT_MEMORY"),
      cpus: config.OSPREY_DEFAULT_CPUS,
      pidsLimit: config.OSPREY_PIDS_LIMIT,
      noNewPrivileges: config.OSPREY_NO_NEW_PRIVILEGES,
    },
  };
}
