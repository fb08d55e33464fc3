import { toBool, toNumber } from "../../values/values";

// Kestra's serdes properties arrive rendered: a boolean or number may be a string, a `Character` is a
// one-character string, an enum is its name.

export type Props = Record<string, unknown>;

/** The required `from`: the URI of a stored file. */
export function fromUri(props: Props): string {
  const from = props.from;
  if (typeof from !== "string" || from.trim() === "") throw new Error("from is required: the URI of a stored file");
  return from.trim();
}

export function boolProp(props: Props, name: string, fallback: boolean): boolean {
  return toBool(props[name], name, fallback);
}

export function intProp(props: Props, name: string, fallback: number): number {
  const n = toNumber(props[name], name) ?? fallback;
  if (!Number.isInteger(n)) throw new Error(`${name} must be a whole number, got ${String(props[name])}`);
  return n;
}

/** A Java `Character`: exactly one character. */
export function charProp(props: Props, name: string, fallback: string): string {
  const value = props[name];
  if (value === undefined || value === null) return fallback;
  const text = String(value);
  if (text.length !== 1) throw new Error(`${name} must be a single character, got "${text}"`);
  return text;
}

export function textProp(props: Props, name: string, fallback: string): string {
  const value = props[name];
  return value === undefined || value === null || value === "" ? fallback : String(value);
}

/** An enum property: one of `allowed`, by name. */
export function enumProp<T extends string>(props: Props, name: string, allowed: readonly T[], fallback: T): T {
  const value = props[name];
  if (value === undefined || value === null || value === "") return fallback;
  const text = String(value).trim();
  if (!(allowed as readonly string[]).includes(text))
    throw new Error(`${name} must be one of ${allowed.join(", ")}, got "${text}"`);
  return text as T;
}

/** A list of strings (`Property<List<String>>`): a YAML list, or an expression rendered to JSON array text. */
export function stringListProp(props: Props, name: string, fallback: readonly string[]): string[] {
  let value = props[name];
  if (value === undefined || value === null) return [...fallback];
  if (typeof value === "string" && value.trim().startsWith("[")) {
    try {
      value = JSON.parse(value);
    } catch {
      throw new Error(`${name} must be a list of strings, got ${value}`);
    }
  }
  if (typeof value === "string") return [value];
  if (!Array.isArray(value)) throw new Error(`${name} must be a list of strings, got ${JSON.stringify(value)}`);
  return value.map((v) => (v === null || v === undefined ? "" : String(v)));
}
