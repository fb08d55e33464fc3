import { FilterError } from "../errors";
import { formatNumber, isList, isMap, newMap } from "../values";

/** A path into a value, as jq's `path(f)` gives it: keys, indices and `{start, end}` slices. */
export type Path = unknown[];

/** A runtime error jq programs can catch with `try`/`?`, unlike a parse or limit error. */
export class JqError extends FilterError {
  constructor(readonly value: unknown) {
    super(typeof value === "string" ? value : dump(value));
  }
}

/**
 * `break $label`: jq 1.6 raises it as an error whose value is `{"__jq": 0}`, so `try` sees it
 * (jackson-jq does the same); only the label it names stops it otherwise.
 */
export class JqBreak extends JqError {
  constructor(readonly label: object) {
    super(Object.assign(newMap(), { __jq: 0 }));
  }
}

export function typeOf(v: unknown): string {
  if (v === null || v === undefined) return "null";
  if (isList(v)) return "array";
  if (isMap(v)) return "object";
  return typeof v;
}

export function truthy(v: unknown): boolean {
  return v !== null && v !== undefined && v !== false;
}

// jq's kinds in order; false and true are kinds of their own (they never contain each other).
const KINDS = ["null", "false", "true", "number", "string", "array", "object"];

function kind(v: unknown): number {
  if (v === false) return 1;
  if (v === true) return 2;
  return KINDS.indexOf(typeOf(v));
}

export function sameKind(a: unknown, b: unknown): boolean {
  return kind(a) === kind(b);
}

/** Strings compare by code point, as jq compares their UTF-8 bytes. */
function compareStrings(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.codePointAt(i)!;
    const y = b.codePointAt(i)!;
    if (x !== y) return x - y;
  }
  return a.length - b.length;
}

export const sortedKeys = (o: Record<string, unknown>) => Object.keys(o).sort(compareStrings);

/** jq's total order: null < false < true < numbers < strings < arrays < objects; NaN sorts as null. */
export function jqCompare(a: unknown, b: unknown): number {
  if (typeof a === "number" && typeof b === "number") {
    if (Number.isNaN(a)) return -1;
    if (Number.isNaN(b)) return 1;
    return a < b ? -1 : a === b ? 0 : 1;
  }
  const ka = kind(a);
  const kb = kind(b);
  if (ka !== kb) return ka - kb;
  if (typeof a === "string") return compareStrings(a, b as string);
  if (isList(a) && isList(b)) {
    for (let i = 0; i < Math.min(a.length, b.length); i++) {
      const c = jqCompare(a[i], b[i]);
      if (c) return c;
    }
    return a.length - b.length;
  }
  if (isMap(a) && isMap(b)) {
    const keys = sortedKeys(a);
    const c = jqCompare(keys, sortedKeys(b));
    if (c) return c;
    for (const k of keys) {
      const v = jqCompare(a[k], b[k]);
      if (v) return v;
    }
  }
  return 0;
}

/** jq's `==`: numbers by value (so NaN is never equal), everything else by the order above. */
export function jqEqual(a: unknown, b: unknown): boolean {
  if (typeof a === "number" && typeof b === "number") return a === b;
  return jqCompare(a, b) === 0;
}

/** Numbers as jackson-jq writes them: whole values as integers, others like Java with a lower-case exponent. */
export function numberText(n: number): string {
  if (Number.isNaN(n)) return "null";
  const v = Number.isFinite(n) ? n : n > 0 ? Number.MAX_VALUE : -Number.MAX_VALUE;
  if (Number.isInteger(v) && Math.abs(v) < 2 ** 63) return BigInt(v).toString();
  const java = formatNumber(v, true);
  return java.includes("E-") ? java.replace("E", "e") : java.replace("E", "e+");
}

/** `tojson`: compact JSON, numbers as above. */
export function dump(v: unknown): string {
  if (v === null || v === undefined) return "null";
  if (typeof v === "number") return numberText(v);
  if (typeof v === "string" || typeof v === "boolean") return JSON.stringify(v);
  if (isList(v)) return `[${v.map(dump).join(",")}]`;
  if (isMap(v))
    return `{${Object.keys(v)
      .map((k) => `${JSON.stringify(k)}:${dump(v[k])}`)
      .join(",")}}`;
  return "null";
}

/** `tostring`: strings as they are, anything else as JSON. */
export const text = (v: unknown) => (typeof v === "string" ? v : dump(v));

/** jq's jv_dump_string_trunc: at most `size - 1` characters, the last three `...` when cut. */
export function trunc(v: unknown, size = 15): string {
  const s = dump(v);
  return s.length > size - 1 ? `${s.slice(0, size - 4)}...` : s;
}

/** jq's type_error: `number (1) cannot be negated`. */
export const typeError = (v: unknown, msg: string) => new JqError(`${typeOf(v)} (${trunc(v)}) ${msg}`);

export const typeError2 = (a: unknown, b: unknown, msg: string) =>
  new JqError(`${typeOf(a)} (${trunc(a)}) and ${typeOf(b)} (${trunc(b)}) ${msg}`);

/** A fresh object with the given entries, with no prototype (see newMap). */
export function obj(entries: [string, unknown][]): Record<string, unknown> {
  const o = newMap();
  for (const [k, v] of entries) o[k] = v;
  return o;
}

/**
 * Charges copying containers: an object entry costs about an evaluation step (objects with many
 * keys are dictionaries in V8), an array element a few nanoseconds, so 1/32 of a step.
 */
export function chargeCopy(charge: ((n: number) => void) | undefined, ...copied: unknown[]): void {
  if (!charge) return;
  let cost = 0;
  for (const c of copied) cost += isList(c) ? c.length / 32 : isMap(c) ? Object.keys(c).length : 0;
  if (cost > 0) charge(Math.ceil(cost));
}

/** C's isnormal: finite, not zero, not subnormal. */
export const isNormal = (n: number) => Number.isFinite(n) && Math.abs(n) >= 2.2250738585072014e-308;

/** Code points, as jq counts string lengths and offsets. */
export const codePoints = (s: string) => Array.from(s);
