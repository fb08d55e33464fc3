import { parse, stringify } from "yaml";
import { type ContainerPolicy, PolicyError } from "../runner/container-policy";
import { escapeDollars, interpolateAll } from "./docker-compose-interpolate";
import { ComposeFileError, checkService, type ServiceImage } from "./docker-compose-service";

/**
 * A Compose task's files made safe to hand to docker-compose: interpolated by Osprey (from the task's
 * env only), checked against the container rules, every service, network and volume it creates
 * labelled as this task run's (so Osprey finds and removes them, after a crash too), the server's
 * container defaults (memory, CPUs, pids, no-new-privileges) where a service sets none, and every `$`
 * escaped so docker-compose reads exactly what was checked. Pure.
 */

type Doc = Record<string, unknown>;
type YamlMap = Record<string, unknown>;

export interface PreparedCompose {
  /** The files to write, in order, as docker-compose will read them. */
  files: { name: string; yaml: string }[];
  images: ServiceImage[];
  /** Variables used but not set (docker-compose's own warning). */
  unset: string[];
}

const TOP_KEYS = new Set(["version", "services", "networks", "volumes"]);

export function prepareCompose(
  sources: { name: string; text: string }[],
  env: Record<string, string>,
  policy: ContainerPolicy,
  labels: Record<string, string>,
): PreparedCompose {
  const unset = new Set<string>();
  const docs = sources.map(({ name, text }) => ({ name, doc: readDoc(name, text, env, unset) }));
  // Named volumes may be declared in one file and used in another: all declarations count.
  const volumeNames = new Set(docs.flatMap(({ doc }) => Object.keys(mapOf(doc.volumes, "volumes"))));
  const images = new Map<string, ServiceImage>();
  const seen = new Set<string>();
  const files = docs.map(({ name, doc }) => {
    for (const key of Object.keys(doc))
      if (key === "secrets" || key === "configs")
        throw new ComposeFileError(
          `${name}: ${key} mount files of the server's host; use environment or inputFiles instead`,
        );
      else if (!TOP_KEYS.has(key) && !key.startsWith("x-") && key !== "name")
        throw new ComposeFileError(`${name}: top-level key ${key} is not a Compose key this server accepts`);
    // The project is named by Osprey (one per task run); without `version` docker-compose reads the
    // Compose Specification, where the limits Osprey adds are valid whatever version the file named.
    delete doc.name;
    delete doc.version;
    const services = mapOf(doc.services, "services");
    for (const [service, raw] of Object.entries(services)) {
      const body = { ...mapOf(raw, `services.${service}`) };
      const image = checkService(service, body, policy, volumeNames);
      if (image) images.set(service, image);
      body.labels = { ...labelMap(body.labels), ...labels };
      if (body.environment !== undefined) body.environment = resolvedEnvironment(body.environment, env);
      // Defaults only where the service first appears: a later file's own values override them.
      if (!seen.has(service)) withDefaults(body, policy);
      seen.add(service);
      services[service] = body;
    }
    if (doc.services !== undefined) doc.services = services;
    doc.networks = checkedNetworks(mapOf(doc.networks, "networks"), policy, labels, Object.keys(services).length > 0);
    doc.volumes = checkedVolumes(mapOf(doc.volumes, "volumes"), policy, labels);
    return { name, yaml: stringify(escapeDollars(doc), { version: "1.1" }) };
  });
  return { files, images: [...images.values()], unset: [...unset] };
}

function readDoc(name: string, text: string, env: Record<string, string>, unset: Set<string>): Doc {
  let doc: unknown;
  try {
    // YAML 1.1, as docker-compose's PyYAML reads it: `privileged: yes` is true there, so it is here.
    doc = parse(text, { version: "1.1", merge: true, maxAliasCount: 100 });
  } catch (err) {
    throw new ComposeFileError(`${name} is not valid YAML: ${(err as Error).message}`);
  }
  if (doc === null || typeof doc !== "object" || Array.isArray(doc))
    throw new ComposeFileError(`${name} must be a YAML map with services`);
  return interpolateAll(doc, env, "", unset) as Doc;
}

function mapOf(value: unknown, where: string): YamlMap {
  if (value === undefined || value === null) return {};
  if (typeof value !== "object" || Array.isArray(value)) throw new ComposeFileError(`${where} must be a map`);
  return value as YamlMap;
}

/** Labels as a map, from Compose's map or `key=value` list. */
function labelMap(value: unknown): Record<string, string> {
  if (Array.isArray(value))
    return Object.fromEntries(
      value
        .map(String)
        .map((l) => (l.includes("=") ? [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)] : [l, ""])),
    );
  return Object.fromEntries(Object.entries(mapOf(value, "labels")).map(([k, v]) => [k, v === null ? "" : String(v)]));
}

/**
 * `environment` with every entry given a value: a name alone takes it from the task's env (as
 * docker-compose would from its own environment), else it is left out, so nothing of the server's
 * environment can reach a container.
 */
function resolvedEnvironment(value: unknown, env: Record<string, string>): Record<string, string> {
  const entries: [string, unknown][] = Array.isArray(value)
    ? value
        .map(String)
        .map((e) => (e.includes("=") ? [e.slice(0, e.indexOf("=")), e.slice(e.indexOf("=") + 1)] : [e, null]))
    : Object.entries(mapOf(value, "environment"));
  const out: Record<string, string> = {};
  for (const [key, v] of entries) {
    if (v !== null && v !== undefined) out[key] = String(v);
    else if (Object.hasOwn(env, key)) out[key] = env[key];
  }
  return out;
}

/** The limits every task container gets where it sets none; the pids limit always (a task may not raise it). */
function withDefaults(service: YamlMap, policy: ContainerPolicy): void {
  const { memoryBytes, cpus, pidsLimit, noNewPrivileges } = policy.defaults;
  const limits = (service.deploy as { resources?: { limits?: YamlMap } } | undefined)?.resources?.limits ?? {};
  if (memoryBytes && service.mem_limit === undefined && limits.memory === undefined) service.mem_limit = memoryBytes;
  if (cpus !== undefined && service.cpus === undefined && limits.cpus === undefined) service.cpus = cpus;
  if (pidsLimit !== undefined && pidsLimit > 0) service.pids_limit = pidsLimit;
  const opts = (Array.isArray(service.security_opt) ? service.security_opt : []).map(String);
  if (noNewPrivileges && !opts.some((o) => o.startsWith("no-new-privileges"))) opts.push("no-new-privileges:true");
  if (opts.length > 0) service.security_opt = opts;
}

function checkedNetworks(
  networks: YamlMap,
  policy: ContainerPolicy,
  labels: Record<string, string>,
  hasServices: boolean,
): YamlMap {
  const out: YamlMap = {};
  // The implicit default network is declared so that it carries the labels too.
  if (hasServices && !("default" in networks)) out.default = { labels };
  for (const [name, raw] of Object.entries(networks)) {
    const net = { ...mapOf(raw, `networks.${name}`) };
    const external = net.external === true || net.external === "true" || typeof net.external === "object";
    const realName = String((net.external as { name?: unknown } | undefined)?.name ?? net.name ?? name);
    if (external && realName === "host")
      checkHostNetwork(`networks.${name} is the server's own network (host)`, policy);
    if (net.driver !== undefined && String(net.driver) !== "bridge")
      checkHostNetwork(
        `networks.${name}.driver ${String(net.driver)} attaches containers to the host's interfaces`,
        policy,
      );
    if (net.driver_opts !== undefined)
      checkHostNetwork(`networks.${name}.driver_opts configures the host's network devices`, policy);
    if (!external) net.labels = { ...labelMap(net.labels), ...labels };
    out[name] = net;
  }
  return out;
}

function checkHostNetwork(message: string, policy: ContainerPolicy): void {
  if (!policy.allowHostNetwork)
    throw new PolicyError(
      `${message}: disabled on this server (an admin can allow it with OSPREY_ALLOW_HOST_NETWORK=true)`,
      "OSPREY_ALLOW_HOST_NETWORK",
    );
}

function checkedVolumes(volumes: YamlMap, policy: ContainerPolicy, labels: Record<string, string>): YamlMap {
  const out: YamlMap = {};
  for (const [name, raw] of Object.entries(volumes)) {
    const vol = { ...mapOf(raw, `volumes.${name}`) };
    if (vol.driver !== undefined && String(vol.driver) !== "local")
      throw new ComposeFileError(`volumes.${name}.driver ${String(vol.driver)}: only the local driver is supported`);
    if (vol.driver_opts !== undefined && !policy.allowHostVolumes)
      throw new PolicyError(
        `volumes.${name}.driver_opts can mount host folders and is disabled on this server (an admin can allow it with OSPREY_ALLOW_HOST_VOLUMES=true)`,
        "OSPREY_ALLOW_HOST_VOLUMES",
      );
    const foreign =
      vol.external !== undefined && vol.external !== false ? "external" : vol.name !== undefined ? "name" : null;
    if (foreign && !policy.allowHostVolumes)
      throw new PolicyError(
        `volumes.${name}.${foreign} reaches a volume this task did not create (another task's or the server's data) and is disabled on this server (an admin can allow it with OSPREY_ALLOW_HOST_VOLUMES=true)`,
        "OSPREY_ALLOW_HOST_VOLUMES",
      );
    if (!foreign) vol.labels = { ...labelMap(vol.labels), ...labels };
    out[name] = vol;
  }
  return out;
}
