import { ComposeFileError } from "./docker-compose-service";

/**
 * Compose's variable substitution, done by Osprey before the file is checked: the values the
 * container rules read are the ones docker-compose will use. `$$` is a literal `$`; `$VAR`,
 * `${VAR}`, `${VAR:-default}`, `${VAR-default}`, `${VAR:?error}`, `${VAR?error}`, `${VAR:+other}`,
 * `${VAR+other}`. Variables come from the task's `env` (and a `.env` input file), never the server's.
 */

const PATTERN =
  /\$(?:(\$)|([A-Za-z_][A-Za-z0-9_]*)|\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?+])((?:[^{}]|\{[^{}]*\})*))?\}|(\{[^}]*\}?))/g;

/** A substitution Compose itself would refuse. */
export class InterpolationError extends ComposeFileError {}

/** One string with its variables replaced; `unset` collects the names used but not set. */
export function interpolate(text: string, env: Record<string, string>, where: string, unset: Set<string>): string {
  return text.replace(PATTERN, (whole, dollar, bare, name, op, arg, bad) => {
    if (dollar) return "$";
    if (bad !== undefined) throw new InterpolationError(`${where}: invalid interpolation format "${whole}"`);
    const key = (bare ?? name) as string;
    const value = Object.hasOwn(env, key) ? env[key] : undefined;
    const empty = value === undefined || (op?.startsWith(":") && value === "");
    const rest = () => interpolate(arg ?? "", env, where, unset);
    switch (op) {
      case ":-":
      case "-":
        return empty ? rest() : (value as string);
      case ":?":
      case "?":
        if (empty) throw new InterpolationError(`${where}: variable ${key} is required${arg ? `: ${rest()}` : ""}`);
        return value as string;
      case ":+":
      case "+":
        return empty ? "" : rest();
      default:
        if (value === undefined) unset.add(key);
        return value ?? "";
    }
  });
}

/** Every string value of a parsed compose file interpolated (keys are left as written, as Compose does). */
export function interpolateAll(
  value: unknown,
  env: Record<string, string>,
  where: string,
  unset: Set<string>,
): unknown {
  if (typeof value === "string") return interpolate(value, env, where, unset);
  if (Array.isArray(value)) return value.map((v, i) => interpolateAll(v, env, `${where}[${i}]`, unset));
  if (value !== null && typeof value === "object")
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, interpolateAll(v, env, where ? `${where}.${k}` : k, unset)]),
    );
  return value;
}

/** Every `$` doubled, so docker-compose substitutes nothing more in the file Osprey checked. */
export function escapeDollars(value: unknown): unknown {
  if (typeof value === "string") return value.replaceAll("$", () => "$$");
  if (Array.isArray(value)) return value.map(escapeDollars);
  if (value !== null && typeof value === "object")
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, escapeDollars(v)]));
  return value;
}

/** A `.env` file: `KEY=VALUE` lines, `#` comments, optional `export `, quotes around the value taken off. */
export function parseDotEnv(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim().replace(/^export\s+/, "");
    if (!line || line.startsWith("#")) continue;
    const eq = line.indexOf("=");
    if (eq <= 0) continue;
    const value = line.slice(eq + 1).trim();
    out[line.slice(0, eq).trim()] = /^(["']).*\1$/.test(value) ? value.slice(1, -1) : value;
  }
  return out;
}
