import { toBool, toNumber, ValueError } from "../../values/values";
import { gitUrlProblem } from "./git-url";

// What every git task reads from its rendered properties (Kestra's AbstractGitTask), the same in
// the Clone container and in the server. Client-safe: the Clone definition uses it too.

type Props = Record<string, unknown>;

export interface GitOptions {
  url: string;
  username?: string;
  password?: string;
  privateKey?: string;
  passphrase?: string;
  caPemPath?: string;
  noProxy: boolean;
  connectTimeoutSeconds: number;
  readTimeoutSeconds: number;
  /** `gitConfig` as git config entries: a list value is a multi-valued key, null unsets it. */
  config: GitConfigEntry[];
  cloneSubmodules: boolean;
}

export interface GitConfigEntry {
  key: string;
  values: string[] | null;
}

const text = (value: unknown): string | undefined =>
  value === undefined || value === null || String(value) === "" ? undefined : String(value);

/** The connection options, with the URL checked. */
export function gitOptions(props: Props): GitOptions {
  const url = String(props.url ?? "").trim();
  const problem = gitUrlProblem(url);
  if (problem) throw new ValueError(problem);
  return {
    url,
    username: text(props.username),
    password: text(props.password),
    privateKey: text(props.privateKey),
    passphrase: text(props.passphrase),
    caPemPath: text(props.trustedCaPemPath),
    noProxy: toBool(props.noProxy, "noProxy", false),
    connectTimeoutSeconds: seconds(props.connectTimeout, "connectTimeout", 10_000),
    readTimeoutSeconds: seconds(props.readTimeout, "readTimeout", 60_000),
    config: gitConfigEntries(props.gitConfig),
    cloneSubmodules: toBool(props.cloneSubmodules, "cloneSubmodules", false),
  };
}

function seconds(value: unknown, name: string, fallbackMs: number): number {
  const ms = toNumber(value, name) ?? fallbackMs;
  if (ms <= 0) throw new ValueError(`${name} must be a positive number of milliseconds`);
  return Math.max(1, Math.ceil(ms / 1000));
}

/** A git config key: `section.name` or `section.subsection.name`. */
const CONFIG_KEY = /^[A-Za-z][A-Za-z0-9-]*\.(?:[^\s=]+\.)?[A-Za-z][A-Za-z0-9-]*$/;

/** Kestra's applyGitConfig: booleans and numbers as text, a list as several values, null or "" unsets. */
export function gitConfigEntries(value: unknown): GitConfigEntry[] {
  if (value === undefined || value === null || value === "") return [];
  let map: unknown = value;
  if (typeof map === "string") {
    try {
      map = JSON.parse(map) as unknown;
    } catch {
      throw new ValueError("gitConfig must be a map of git config keys to values");
    }
  }
  if (typeof map !== "object" || map === null || Array.isArray(map))
    throw new ValueError("gitConfig must be a map of git config keys to values");
  return Object.entries(map as Record<string, unknown>).map(([key, v]) => {
    if (!CONFIG_KEY.test(key))
      throw new ValueError(
        `gitConfig key "${key}" is not a git config key: write section.name or section.subsection.name`,
      );
    if (v === null || v === undefined || (typeof v === "string" && v.trim() === "")) return { key, values: null };
    const list = Array.isArray(v) ? v : [v];
    return { key, values: list.map((item) => (typeof item === "string" ? item.trim() : String(item))) };
  });
}
