import { listOf, type TConfig } from "../config";
import type { HostPolicy } from "../runner/script-spec";
import { memoryBytes } from "../runner/values";

/** The admin's container rules, from configuration. */
export function hostPolicy(config: TConfig): HostPolicy {
  return {
    allowPrivileged: config.OSPREY_ALLOW_PRIVILEGED,
    allowHostVolumes: config.OSPREY_ALLOW_HOST_VOLUMES,
    allowProcessRunner: config.OSPREY_ALLOW_PROCESS_RUNNER,
    defaults: {
      memoryBytes: memoryBytes(config.OSPREY_DEFAULT_MEMORY, "OSPREY_DEFAULT_MEMORY"),
      cpus: config.OSPREY_DEFAULT_CPUS,
      pidsLimit: config.OSPREY_PIDS_LIMIT,
      noNewPrivileges: config.OSPREY_NO_NEW_PRIVILEGES,
      allowedRegistries: listOf(config.OSPREY_ALLOWED_REGISTRIES),
    },
  };
}
