import type { CallContext } from "./context";
import { FilterError } from "./errors";
import { javaSplit } from "./filters/strings";
import { WholeDouble, equals, formatNumber, isList, isMap, javaString, typeName } from "./values";

/*
 * Pebble lets a template call public Java methods on its values (`name.toUpperCase()`,
 * `list.size()`). Here only a fixed list of side-effect-free String, List, Map and Number methods
 * exists, with Java's semantics; anything else is an error.
 */

type Method = (self: never, args: unknown[], ctx: CallContext) => unknown;

function int(v: unknown, what: string): number {
  if (typeof v !== "number" || !Number.isInteger(v))
    throw new FilterError(`${what} expects an integer, got ${javaString(v)}`);
  return v;
}

function str(v: unknown, what: string): string {
  if (typeof v !== "string") throw new FilterError(`${what} expects a string, got ${typeName(v)}`);
  return v;
}

function bounds(index: number, length: number, what: string): number {
  if (index < 0 || index > length) throw new FilterError(`${what}: index ${index} out of bounds for length ${length}`);
  return index;
}

// Java's replacement strings use `$1` like JavaScript, and `\$` for a literal dollar.
const javaReplacement = (s: string) => s.replace(/\\\$/g, "$$$$");

const STRING: Record<string, Method> = {
  "length/0": (s: string) => s.length,
  "isEmpty/0": (s: string) => s.length === 0,
  "isBlank/0": (s: string) => s.trim().length === 0,
  "toUpperCase/0": (s: string) => s.toUpperCase(),
  "toLowerCase/0": (s: string) => s.toLowerCase(),
  "trim/0": (s: string) => s.replace(/^[\u0000-\u0020]+|[\u0000-\u0020]+$/g, ""),
  "strip/0": (s: string) => s.trim(),
  "stripLeading/0": (s: string) => s.trimStart(),
  "stripTrailing/0": (s: string) => s.trimEnd(),
  "toString/0": (s: string) => s,
  "contains/1": (s: string, [x]) => s.includes(str(x, "contains")),
  "startsWith/1": (s: string, [x]) => s.startsWith(str(x, "startsWith")),
  "endsWith/1": (s: string, [x]) => s.endsWith(str(x, "endsWith")),
  "indexOf/1": (s: string, [x]) => s.indexOf(str(x, "indexOf")),
  "lastIndexOf/1": (s: string, [x]) => s.lastIndexOf(str(x, "lastIndexOf")),
  "equals/1": (s: string, [x]) => s === x,
  "equalsIgnoreCase/1": (s: string, [x]) => typeof x === "string" && s.toLowerCase() === x.toLowerCase(),
  "concat/1": (s: string, [x]) => s + str(x, "concat"),
  "charAt/1": (s: string, [i]) => {
    const n = int(i, "charAt");
    if (n < 0 || n >= s.length) throw new FilterError(`charAt: index ${n} out of bounds for length ${s.length}`);
    return s[n];
  },
  "substring/1": (s: string, [a]) => s.slice(bounds(int(a, "substring"), s.length, "substring")),
  "substring/2": (s: string, [a, b]) => {
    const from = bounds(int(a, "substring"), s.length, "substring");
    const to = bounds(int(b, "substring"), s.length, "substring");
    if (to < from) throw new FilterError(`substring: begin ${from}, end ${to}, length ${s.length}`);
    return s.slice(from, to);
  },
  "replace/2": (s: string, [a, b], ctx) => {
    const from = javaString(a);
    const out = s.split(from).join(javaString(b));
    ctx.checkSize(out.length);
    return out;
  },
  "replaceAll/2": (s: string, [re, rep]) =>
    s.replace(new RegExp(str(re, "replaceAll"), "g"), javaReplacement(str(rep, "replaceAll"))),
  "replaceFirst/2": (s: string, [re, rep]) =>
    s.replace(new RegExp(str(re, "replaceFirst")), javaReplacement(str(rep, "replaceFirst"))),
  "matches/1": (s: string, [re]) => new RegExp(`^(?:${str(re, "matches")})$`).test(s),
  "split/1": (s: string, [re]) => javaSplit(s, str(re, "split"), 0),
  "split/2": (s: string, [re, limit]) => javaSplit(s, str(re, "split"), int(limit, "split")),
  "repeat/1": (s: string, [n], ctx) => {
    const count = int(n, "repeat");
    if (count < 0) throw new FilterError(`repeat: count is negative: ${count}`);
    ctx.checkSize(s.length * count);
    return s.repeat(count);
  },
};

const LIST: Record<string, Method> = {
  "size/0": (l: unknown[]) => l.length,
  "isEmpty/0": (l: unknown[]) => l.length === 0,
  "contains/1": (l: unknown[], [x]) => l.some((y) => equals(x, y)),
  "containsAll/1": (l: unknown[], [x]) => isList(x) && x.every((i) => l.some((y) => equals(i, y))),
  "indexOf/1": (l: unknown[], [x]) => l.findIndex((y) => equals(x, y)),
  "lastIndexOf/1": (l: unknown[], [x]) => l.map((y) => equals(x, y)).lastIndexOf(true),
  "get/1": (l: unknown[], [i]) => {
    const n = int(i, "get");
    if (n < 0 || n >= l.length) throw new FilterError(`Index ${n} out of bounds for length ${l.length}`);
    return l[n] ?? null;
  },
  "subList/2": (l: unknown[], [a, b]) => {
    const from = bounds(int(a, "subList"), l.length, "subList");
    const to = bounds(int(b, "subList"), l.length, "subList");
    if (to < from) throw new FilterError(`subList: fromIndex(${from}) > toIndex(${to})`);
    return l.slice(from, to);
  },
};

const MAP: Record<string, Method> = {
  "size/0": (m: Record<string, unknown>) => Object.keys(m).length,
  "isEmpty/0": (m: Record<string, unknown>) => Object.keys(m).length === 0,
  "containsKey/1": (m: Record<string, unknown>, [k]) => Object.hasOwn(m, javaString(k)),
  "containsValue/1": (m: Record<string, unknown>, [v]) => Object.values(m).some((x) => equals(x, v)),
  "get/1": (m: Record<string, unknown>, [k]) => (Object.hasOwn(m, javaString(k)) ? (m[javaString(k)] ?? null) : null),
  "getOrDefault/2": (m: Record<string, unknown>, [k, d]) =>
    Object.hasOwn(m, javaString(k)) ? (m[javaString(k)] ?? null) : d,
  "keySet/0": (m: Record<string, unknown>) => Object.keys(m),
  "values/0": (m: Record<string, unknown>) => Object.values(m),
};

const NUMBER: Record<string, Method> = {
  "intValue/0": (n: number) => Math.trunc(n),
  "longValue/0": (n: number) => Math.trunc(n),
  "doubleValue/0": (n: number) => n,
  "toString/0": (n: number) => formatNumber(n),
};

function table(self: unknown): Record<string, Method> | undefined {
  if (typeof self === "string") return STRING;
  if (isList(self)) return LIST;
  if (isMap(self)) return MAP;
  if (typeof self === "number") return NUMBER;
  return undefined;
}

/** `self.name(args)`: one of the whitelisted methods, or an error naming what was called. */
export function callMethod(self: unknown, name: string, args: unknown[], ctx: CallContext): unknown {
  if (self instanceof WholeDouble)
    return name === "toString" && args.length === 0
      ? formatNumber(self.value, true)
      : callMethod(self.value, name, args, ctx);
  const methods = table(self);
  const key = `${name}/${args.length}`;
  const method = methods && Object.hasOwn(methods, key) ? methods[key] : undefined;
  if (!method)
    throw new FilterError(`Method ${name} with ${args.length} argument(s) is not available on ${typeName(self)}`);
  return method(self as never, args, ctx);
}

/**
 * Pebble's bean-property lookup for `self.name` without parentheses: `getName()`, `isName()`,
 * `hasName()`, then `name()`, among the zero-argument methods above. Maps only have their keys.
 */
export function propertyMethod(self: unknown, name: string): ((ctx: CallContext) => unknown) | undefined {
  if (isMap(self)) return undefined;
  const methods = table(self);
  if (!methods) return undefined;
  const cap = name.charAt(0).toUpperCase() + name.slice(1);
  for (const candidate of [`get${cap}`, `is${cap}`, `has${cap}`, name]) {
    const method = Object.hasOwn(methods, `${candidate}/0`) ? methods[`${candidate}/0`] : undefined;
    if (method) return (ctx) => method(self as never, [], ctx);
  }
  return undefined;
}
