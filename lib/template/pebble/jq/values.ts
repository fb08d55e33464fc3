import { FilterError } from "../errors";
import { isList, isMap } from "../values";
import type { J } from "./ast";

/** What a jq evaluation carries: the template's budget and the bound `$variables`. */
export interface JqContext {
  charge: (n: number) => void;
  env: ReadonlyMap<string, unknown>;
  /** The evaluator, passed along so builtins can run their arguments. */
  run: (e: J, input: unknown, ctx: JqContext) => Generator<unknown>;
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

const ORDER = ["null", "boolean", "number", "string", "array", "object"];

/** jq's total order: null < false < true < numbers < strings < arrays < objects. */
export function jqCompare(a: unknown, b: unknown): number {
  const ta = ORDER.indexOf(typeOf(a));
  const tb = ORDER.indexOf(typeOf(b));
  if (ta !== tb) return ta - tb;
  if (isList(a) && isList(b)) {
    for (let i = 0; i < Math.min(a.length, b.length); i++) {
      const c = jqCompare(a[i], b[i]);
      if (c) return c;
    }
    return a.length - b.length;
  }
  if (isMap(a) && isMap(b)) {
    const ka = Object.keys(a).sort();
    const kb = Object.keys(b).sort();
    const c = jqCompare(ka, kb);
    if (c) return c;
    for (const k of ka) {
      const v = jqCompare(a[k], b[k]);
      if (v) return v;
    }
    return 0;
  }
  if (typeof a === "boolean") return Number(a) - Number(b);
  if (typeof a === "number") return a - (b as number);
  if (typeof a === "string") return a < (b as string) ? -1 : a > (b as string) ? 1 : 0;
  return 0;
}

/** A runtime error jq programs can catch with `try`/`?`, unlike a parse or limit error. */
export class JqError extends FilterError {}

export function index(obj: unknown, key: unknown): unknown {
  if (obj === null) return null;
  if (isMap(obj) && typeof key === "string") return Object.hasOwn(obj, key) ? obj[key] : null;
  if (isList(obj) && typeof key === "number") return obj[Math.trunc(key < 0 ? obj.length + key : key)] ?? null;
  throw new JqError(`Cannot index ${typeOf(obj)} with ${typeof key === "string" ? `"${key}"` : typeOf(key)}`);
}
