import { z } from "zod";
import { JsonDepthError, MAX_JSON_DEPTH, parseJsonWithin, valueDepth } from "../json/json-depth";
import { durationMs } from "./values";

/** Kestra's KVType: what a stored value is. */
export const KV_TYPES = ["STRING", "NUMBER", "BOOLEAN", "DATETIME", "DATE", "DURATION", "JSON"] as const;
export const ZKvType = z.enum(KV_TYPES);
export type TKvType = z.infer<typeof ZKvType>;

/** Kestra's key rule (KVStore.KEY_VALIDATOR_PATTERN). */
const KEY = /^[a-zA-Z0-9][a-zA-Z0-9._-]*$/;

export class KvValueError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "KvValueError";
  }
}

/** Kestra's rule, and at most `maxChars` characters (OSPREY_MAX_KV_KEY_CHARS; Kestra has no cap). */
export function checkKey(key: string, maxChars: number): string {
  if (key.length > maxChars)
    throw new KvValueError(
      `a KV key may have at most ${maxChars} characters (OSPREY_MAX_KV_KEY_CHARS), this one has ${key.length}`,
    );
  if (!KEY.test(key)) {
    throw new KvValueError(
      `invalid KV key "${key}": it must start with a letter or digit and hold only letters, digits, dots (.), underscores (_) and hyphens (-)`,
    );
  }
  return key;
}

/** The type Kestra gives a value set without `kvType` (KVType.from). */
export function typeOf(value: unknown): TKvType {
  if (value === null || value === undefined || typeof value === "string") return "STRING";
  if (typeof value === "number") return "NUMBER";
  if (typeof value === "boolean") return "BOOLEAN";
  return "JSON";
}

/**
 * kv.Set's conversion: with `kvType`, a rendered string becomes that type (NUMBER and JSON parsed,
 * BOOLEAN as Java's parseBoolean, dates and durations checked and kept as ISO-8601 text).
 */
export function typedValue(value: unknown, kvType?: TKvType): { type: TKvType; value: unknown } {
  if (kvType === undefined || typeof value !== "string") return { type: kvType ?? typeOf(value), value: value ?? null };
  const text = value.trim();
  switch (kvType) {
    case "NUMBER": {
      const n = Number(text);
      if (text === "" || !Number.isFinite(n)) throw new KvValueError(`kvType NUMBER: "${value}" is not a number`);
      return { type: kvType, value: n };
    }
    case "BOOLEAN":
      return { type: kvType, value: text.toLowerCase() === "true" };
    case "DATETIME":
    case "DATE":
      if (Number.isNaN(Date.parse(text)))
        throw new KvValueError(`kvType ${kvType}: "${value}" is not an ISO-8601 date`);
      return { type: kvType, value: text };
    case "DURATION":
      durationMs(text, "kvType DURATION value");
      return { type: kvType, value: text };
    case "JSON":
      try {
        return { type: kvType, value: parseJsonWithin(text) };
      } catch (err) {
        throw new KvValueError(
          err instanceof JsonDepthError
            ? `kvType JSON: the value's ${err.message}`
            : `kvType JSON: the value is not valid JSON`,
        );
      }
    default:
      return { type: kvType, value };
  }
}

/** `ttl` as Kestra writes it (an ISO-8601 duration such as PT1H or P7D) → milliseconds; must be positive. */
export function ttlMs(ttl: unknown): number | undefined {
  const ms = durationMs(ttl, "ttl");
  if (ms !== undefined && ms <= 0) throw new KvValueError(`ttl must be a positive duration, got "${String(ttl)}"`);
  return ms;
}

/**
 * A value sent to the KV API (Kestra reads the body as JSON): `"text"`, `42`, `true`, `{…}`.
 * Text that is not JSON is kept as a string, as a person typing a value would mean; JSON nested
 * deeper than MAX_JSON_DEPTH is refused (V8 parses it without recursion; storing it would not).
 */
export function parseApiValue(body: string): unknown {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return body;
  }
  if (valueDepth(value, MAX_JSON_DEPTH) > MAX_JSON_DEPTH)
    throw new KvValueError(`the value's ${new JsonDepthError(MAX_JSON_DEPTH).message}`);
  return value;
}
