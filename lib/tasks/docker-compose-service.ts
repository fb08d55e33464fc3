import { type ContainerPolicy, checkDockerOptions, checkImage, PolicyError } from "../runner/container-policy";
import type { PullPolicy } from "../runner/docker/pull-image";

/**
 * One compose service against the container rules every task obeys (container-policy.ts): what a
 * script task's `docker` options may not do, a service may not do either. Anything reaching the
 * server's host (its files, network, devices, processes, kernel rights) is refused, naming the
 * setting that would allow it where one exists. Keys not listed here are refused: a new Compose key
 * is let in once someone has checked what it reaches.
 */

export class ComposeFileError extends Error {}

type Service = Record<string, unknown>;

/** Keys with nothing to check; the others are checked below. */
const PLAIN_KEYS = new Set(
  (
    "image command entrypoint environment labels container_name depends_on healthcheck restart stop_signal " +
    "stop_grace_period tty stdin_open user working_dir hostname domainname init read_only tmpfs shm_size ulimits " +
    "mem_limit mem_reservation memswap_limit mem_swappiness cpus cpu_count cpu_percent cpu_shares cpu_quota " +
    "cpu_period cpuset pids_limit oom_kill_disable expose networks dns dns_search dns_opt extra_hosts sysctls links " +
    "cap_drop isolation platform profiles scale mac_address group_add blkio_config stop_grace_period"
  ).split(" "),
);
const CHECKED_KEYS = new Set(
  (
    "build secrets configs credential_spec privileged volumes ports network_mode pid ipc uts userns_mode cgroup " +
    "cgroup_parent cap_add security_opt devices device_cgroup_rules gpus deploy runtime oom_score_adj " +
    "volumes_from external_links env_file extends logging pull_policy"
  ).split(" "),
);

const PULL_POLICIES: Record<string, PullPolicy> = {
  always: "ALWAYS",
  never: "NEVER",
  missing: "IF_NOT_PRESENT",
  if_not_present: "IF_NOT_PRESENT",
};

/** What starting a service needs from the engine: its image, pulled as its pull_policy says. */
export interface ServiceImage {
  service: string;
  image: string;
  pullPolicy: PullPolicy;
}

/** Checks one service (after interpolation); `volumeNames`: the named volumes the files declare. */
export function checkService(
  name: string,
  service: Service,
  policy: ContainerPolicy,
  volumeNames: Set<string>,
): ServiceImage | undefined {
  const at = (key: string) => `services.${name}.${key}`;
  const privilegedOnly = (key: string, why: string) => {
    if (!policy.allowPrivileged)
      throw new PolicyError(
        `${at(key)} ${why} and is disabled on this server (an admin can allow it with OSPREY_ALLOW_PRIVILEGED=true)`,
        "OSPREY_ALLOW_PRIVILEGED",
      );
  };
  for (const key of Object.keys(service)) {
    if (!PLAIN_KEYS.has(key) && !CHECKED_KEYS.has(key) && !key.startsWith("x-"))
      throw new ComposeFileError(`${at(key)} is not a Compose key this server accepts`);
  }
  if (service.build !== undefined)
    throw new ComposeFileError(
      `${at("build")}: Compose tasks do not build images (the build would read the server's files); build it with io.kestra.plugin.docker.Build and name its tag in image`,
    );
  for (const key of ["secrets", "configs", "credential_spec"])
    if (service[key] !== undefined)
      throw new ComposeFileError(`${at(key)} mounts files of the server's host; use environment or inputFiles instead`);
  try {
    checkDockerOptions(
      {
        privileged: composeBool(service.privileged),
        networkMode: service.network_mode === undefined ? undefined : String(service.network_mode),
        portBindings: list(service.ports).map(String),
        volumes: list(service.volumes)
          .map(bindSource)
          .filter((s): s is string => s !== null),
        deviceRequests: hasDevices(service) ? [{}] : [],
      },
      policy,
    );
  } catch (err) {
    // The same refusal, named by the compose key a reader looks for.
    if (err instanceof PolicyError)
      throw new PolicyError(`services.${name}: ${err.message.replace(/^docker\./, "")}`, err.setting);
    throw err;
  }
  for (const v of list(service.volumes)) {
    const source = volumeSource(v);
    if (source !== null && bindSource(v) === null && !volumeNames.has(source))
      throw new ComposeFileError(
        `${at("volumes")}: volume "${source}" is not declared under the file's top-level volumes`,
      );
  }
  for (const key of ["pid", "ipc", "uts", "userns_mode", "cgroup"]) {
    const value = service[key] === undefined ? "" : String(service[key]);
    if (value === "host" || value.startsWith("container:"))
      privilegedOnly(key, `${value} shares the ${value === "host" ? "server's" : "other container's"} namespace`);
  }
  if (service.cgroup_parent !== undefined)
    privilegedOnly("cgroup_parent", "places the container in the host's cgroups");
  if (list(service.cap_add).length > 0) privilegedOnly("cap_add", "gives the container kernel rights over the host");
  if (service.runtime !== undefined) privilegedOnly("runtime", "picks another container runtime");
  if (Number(service.oom_score_adj ?? 0) < 0)
    privilegedOnly("oom_score_adj", "below 0 makes the host's processes die first");
  for (const opt of list(service.security_opt).map(String))
    if (!/^no-new-privileges([:=]true)?$/.test(opt))
      privilegedOnly("security_opt", `"${opt}" loosens the container's confinement`);
  for (const from of list(service.volumes_from).map(String))
    if (from.startsWith("container:") && !policy.allowHostVolumes)
      throw new PolicyError(
        `${at("volumes_from")} ${from} mounts another container's data (only this file's services may be named) and is disabled on this server (an admin can allow host volumes with OSPREY_ALLOW_HOST_VOLUMES=true)`,
        "OSPREY_ALLOW_HOST_VOLUMES",
      );
  if (list(service.external_links).length > 0)
    throw new ComposeFileError(`${at("external_links")} reaches containers outside this compose file`);
  for (const file of list(service.env_file).map((f) => String((f as { path?: unknown })?.path ?? f)))
    if (!isInside(file))
      throw new ComposeFileError(`${at("env_file")} "${file}" must be a relative path inside the working directory`);
  const ext = service.extends as { file?: unknown } | undefined;
  if (ext && typeof ext === "object" && ext.file !== undefined)
    throw new ComposeFileError(`${at("extends")}.file reads another file: list it in composeFiles instead`);
  const driver = (service.logging as { driver?: unknown } | undefined)?.driver;
  if (driver !== undefined && !["json-file", "local", "journald"].includes(String(driver)))
    throw new ComposeFileError(
      `${at("logging")}.driver ${String(driver)} would send the logs elsewhere: the task reads them (json-file, local or journald)`,
    );
  if (service.image === undefined) return undefined;
  const image = String(service.image);
  const pull = service.pull_policy === undefined ? "missing" : String(service.pull_policy);
  if (!PULL_POLICIES[pull])
    throw new ComposeFileError(`${at("pull_policy")} ${pull}: expected always, never, missing or if_not_present`);
  const local = checkImage(image, at("image"), policy) === "local-only";
  return { service: name, image, pullPolicy: local ? "LOCAL_ONLY" : PULL_POLICIES[pull] };
}

/** A boolean as docker-compose converts an interpolated one: `yes`, `y`, `on`, `true` (any case) are true. */
function composeBool(value: unknown): boolean | undefined {
  if (value === undefined || value === null || typeof value === "boolean") return value ?? undefined;
  const text = String(value).trim().toLowerCase();
  if (["true", "yes", "y", "on"].includes(text)) return true;
  if (["false", "no", "n", "off"].includes(text)) return false;
  throw new ComposeFileError(`privileged must be true or false, got "${String(value)}"`);
}

const list = (value: unknown): unknown[] =>
  value === undefined || value === null ? [] : Array.isArray(value) ? value : [value];

/** Devices of the host: `devices`, cgroup rules, GPUs, or device reservations under `deploy`. */
function hasDevices(service: Service): boolean {
  const reservations = (service.deploy as { resources?: { reservations?: { devices?: unknown } } } | undefined)
    ?.resources?.reservations;
  return (
    list(service.devices).length > 0 ||
    list(service.device_cgroup_rules).length > 0 ||
    service.gpus !== undefined ||
    list(reservations?.devices).length > 0
  );
}

/** The source of a volume entry (`src:dst[:mode]` or `{type, source}`); null for an anonymous or tmpfs one. */
function volumeSource(entry: unknown): string | null {
  if (entry !== null && typeof entry === "object") {
    const { type, source } = entry as { type?: unknown; source?: unknown };
    if (type === "tmpfs" || source === undefined || source === null || source === "") return null;
    return String(source);
  }
  const parts = String(entry).split(":");
  return parts.length >= 2 ? parts[0] : null;
}

/** The host path a volume entry binds (a path, not a volume name); null when it binds none. */
function bindSource(entry: unknown): string | null {
  const source = volumeSource(entry);
  if (source === null) return null;
  const type = entry !== null && typeof entry === "object" ? (entry as { type?: unknown }).type : undefined;
  if (type === "bind" || type === "npipe" || /^[./~]/.test(source) || source.includes("/")) return source;
  return null;
}

/** A relative path that stays inside the working directory. */
export function isInside(path: string): boolean {
  const clean = path.replace(/\\/g, "/").replace(/^\.\/+/, "");
  return clean !== "" && !clean.startsWith("/") && !clean.startsWith("~") && !clean.split("/").includes("..");
}
