// Rendered properties as the S3 tasks read them: a rendered expression is text, so numbers and
// booleans are read from text too, and a blank value counts as unset (as Kestra's Property does).

export type Props = Record<string, unknown>;

export function str(props: Props, name: string): string | undefined {
  const value = props[name];
  if (value === undefined || value === null) return undefined;
  const text = String(value);
  return text === "" ? undefined : text;
}

export function required(props: Props, name: string, task: string): string {
  const value = str(props, name);
  if (value === undefined) throw new Error(`${task}: '${name}' is required`);
  return value;
}

export function bool(props: Props, name: string, fallback: boolean): boolean {
  const value = str(props, name);
  if (value === undefined) return fallback;
  if (value === "true" || value === "false") return value === "true";
  throw new Error(`'${name}' must be true or false, got "${value}"`);
}

export function int(props: Props, name: string, fallback: number, min = 0): number {
  const value = str(props, name);
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min)
    throw new Error(`'${name}' must be a whole number of at least ${min}, got "${value}"`);
  return n;
}

/** A map of text (metadata, tags): a map, or JSON of one. */
export function textMap(props: Props, name: string): Record<string, string> | undefined {
  let value = props[name];
  if (value === undefined || value === null || value === "") return undefined;
  if (typeof value === "string") {
    try {
      value = JSON.parse(value);
    } catch {
      throw new Error(`'${name}' must be a map, got "${value}"`);
    }
  }
  if (typeof value !== "object" || Array.isArray(value) || value === null)
    throw new Error(`'${name}' must be a map of text`);
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, String(v)]));
}

/** A nested object property (Copy's `from`/`to`, Downloads' `moveTo`). */
export function objectProp(props: Props, name: string): Props | undefined {
  const value = props[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "object" || Array.isArray(value)) throw new Error(`'${name}' must be an object`);
  return value as Props;
}

/** Java's Instant.parse: an ISO-8601 instant such as 2026-01-31T10:00:00Z. */
export function instant(props: Props, name: string): Date | undefined {
  const value = str(props, name);
  if (value === undefined) return undefined;
  const date = new Date(value);
  if (!/^\d{4}-\d\d-\d\dT/.test(value) || Number.isNaN(date.getTime()))
    throw new Error(`'${name}' must be an ISO-8601 instant such as 2026-01-31T10:00:00Z, got "${value}"`);
  return date;
}
