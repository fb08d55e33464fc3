import { FilterError } from "./errors";

/** Values a template handles: JSON-like data only. */
export type PlainMap = Record<string, unknown>;

// Names that lead from data to JavaScript's machinery: never readable, whatever the object.
export const FORBIDDEN_NAMES = new Set([
  "constructor",
  "__proto__",
  "prototype",
  "__defineGetter__",
  "__defineSetter__",
  "__lookupGetter__",
  "__lookupSetter__",
]);

export function isMap(v: unknown): v is PlainMap {
  if (v === null || typeof v !== "object" || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

export function isList(v: unknown): v is unknown[] {
  return Array.isArray(v);
}

/** A map made for template data: no prototype, so no inherited names at all. */
export function newMap(): PlainMap {
  return Object.create(null) as PlainMap;
}

/**
 * A Java double whose value is whole (`4.0`, `0.5 + 0.5`). JavaScript cannot tell it from the
 * long `4`, but Java prints it `4.0` and divides it as a double (`10 / 4.0` is 2.5, `10 / 4` is 2).
 * Doubles with a fraction are plain numbers: no ambiguity there.
 */
export class WholeDouble {
  constructor(readonly value: number) {}
}

/** A double result as the engine keeps it: boxed when whole. */
export function toDouble(n: number): number | WholeDouble {
  return Number.isInteger(n) ? new WholeDouble(n) : n;
}

export function isNumber(v: unknown): v is number | WholeDouble {
  return typeof v === "number" || v instanceof WholeDouble;
}

/** Java's Double vs Long: a boxed whole double, or a number with a fraction. */
export function isDouble(v: unknown): boolean {
  return v instanceof WholeDouble || (typeof v === "number" && !Number.isInteger(v));
}

/** The JavaScript number in a number value (unboxes a WholeDouble). */
export function numberValue(v: number | WholeDouble): number {
  return typeof v === "number" ? v : v.value;
}

/** The value with every WholeDouble unboxed: what leaves the engine (host functions, typed results). */
export function plain(v: unknown): unknown {
  if (v instanceof WholeDouble) return v.value;
  if (isList(v)) return v.some((x) => x instanceof WholeDouble || isList(x) || isMap(x)) ? v.map(plain) : v;
  if (isMap(v)) {
    const out = newMap();
    for (const k of Object.keys(v)) out[k] = plain(v[k]);
    return out;
  }
  return v;
}

export type Lookup = { found: true; value: unknown } | { found: false };

/** Reads `object[key]` the way Pebble's Map and List resolvers do, limited to own data properties. */
export function lookupAttribute(object: unknown, key: unknown): Lookup {
  const name = javaString(key);
  if (FORBIDDEN_NAMES.has(name)) return { found: false };
  if (isList(object)) {
    if (/^-?\d+$/.test(name)) {
      const index = Number(name);
      return index >= 0 && index < object.length ? { found: true, value: nullish(object[index]) } : { found: false };
    }
    return { found: false };
  }
  if (isMap(object)) {
    if (!Object.hasOwn(object, name)) return { found: false };
    const value = object[name];
    return typeof value === "function" ? { found: false } : { found: true, value: nullish(value) };
  }
  return { found: false };
}

function nullish(v: unknown): unknown {
  return v === undefined ? null : v;
}

/**
 * Java's `toString` for numbers: integers as Long prints them; other values as Double.toString,
 * which switches to `1.2345E7` notation below 10^-3 and from 10^7 on.
 */
export function formatNumber(n: number, double = false): string {
  if (Number.isNaN(n)) return "NaN";
  if (!Number.isFinite(n)) return n > 0 ? "Infinity" : "-Infinity";
  if (!double && Object.is(n, -0)) return "0";
  if (!double && Number.isInteger(n) && Math.abs(n) < 1e19) return BigInt(n).toString();
  const abs = Math.abs(n);
  if (abs === 0) return Object.is(n, -0) ? "-0.0" : "0.0";
  if (abs >= 1e-3 && abs < 1e7) return Number.isInteger(n) ? `${n}.0` : String(n);
  const [mantissa, exponent] = n.toExponential().split("e");
  return `${mantissa.includes(".") ? mantissa : `${mantissa}.0`}E${Number(exponent)}`;
}

/** Java's `String.valueOf` as Pebble's `~` and `+` on strings use it (lists print `[a, b]`). */
export function javaString(v: unknown): string {
  if (v === null || v === undefined) return "null";
  if (v instanceof WholeDouble) return formatNumber(v.value, true);
  if (typeof v === "string") return v;
  if (typeof v === "number") return formatNumber(v);
  if (typeof v === "boolean") return String(v);
  if (isList(v)) return `[${v.map(javaString).join(", ")}]`;
  if (isMap(v))
    return `{${Object.keys(v)
      .map((k) => `${k}=${javaString(v[k])}`)
      .join(", ")}}`;
  return String(v);
}

/** Kestra's JSON (Jackson) without spaces, numbers as Java writes them; what `{{ map }}` and `toJson` print. */
export function toJson(v: unknown): string {
  if (v === null || v === undefined) return "null";
  if (v instanceof WholeDouble) return Number.isFinite(v.value) ? formatNumber(v.value, true) : "null";
  if (typeof v === "number") return Number.isFinite(v) ? formatNumber(v) : "null";
  if (typeof v === "string" || typeof v === "boolean") return JSON.stringify(v);
  if (v instanceof Date) return JSON.stringify(instantString(v));
  if (isList(v)) return `[${v.map(toJson).join(",")}]`;
  if (isMap(v)) {
    const parts: string[] = [];
    for (const k of Object.keys(v)) if (v[k] !== undefined) parts.push(`${JSON.stringify(k)}:${toJson(v[k])}`);
    return `{${parts.join(",")}}`;
  }
  return "null";
}

/** java.time.Instant.toString: seconds always, fractions in groups of three. */
export function instantString(d: Date): string {
  return d.toISOString().replace(".000Z", "Z");
}

/** What `{{ value }}` writes: Kestra's JsonWriter prints maps and lists as JSON, null as nothing. */
export function printValue(v: unknown): string {
  if (v === null || v === undefined) return "";
  if (v instanceof WholeDouble) return formatNumber(v.value, true);
  if (typeof v === "string") return v;
  if (typeof v === "number") return formatNumber(v);
  if (typeof v === "boolean") return String(v);
  if (isList(v) || isMap(v)) return toJson(v);
  if (v instanceof Date) return instantString(v);
  return String(v);
}

/** Pebble's `TypeUtils.compatibleCast(value, Boolean)`; `null` is the caller's to handle. */
export function truthy(v: unknown, where: string): boolean {
  if (typeof v === "boolean") return v;
  if (v instanceof WholeDouble) return v.value !== 0;
  if (typeof v === "number") return !Number.isNaN(v) && v !== 0;
  if (typeof v === "string") return v.length > 0;
  throw new FilterError(`Unsupported value type ${typeName(v)}. Expected Boolean, String, Number in "${where}"`);
}

export function typeName(v: unknown): string {
  if (v === null || v === undefined) return "null";
  if (isList(v)) return "List";
  if (isMap(v)) return "Map";
  if (typeof v === "string") return "String";
  if (typeof v === "number") return Number.isInteger(v) ? "Long" : "Double";
  if (v instanceof WholeDouble) return "Double";
  if (typeof v === "boolean") return "Boolean";
  return typeof v;
}

/** Pebble's `OperatorUtils.toNumber`: numbers, or strings that parse as one. */
export function toNumber(v: unknown): number {
  if (typeof v === "number") return v;
  if (v instanceof WholeDouble) return v.value;
  if (typeof v === "string" && v.trim() !== "") {
    const n = Number(v);
    if (!Number.isNaN(n)) return n;
  }
  throw new FilterError(`Cannot convert to Number: ${javaString(v)}`);
}

/** Pebble's arithmetic: integer operands give integer results (Java long division and remainder). */
export function arithmetic(op: string, a: unknown, b: unknown): unknown {
  if (op === "+") {
    if (typeof a === "string" || typeof b === "string") return javaString(a) + javaString(b);
    if (isList(a)) return isList(b) ? [...a, ...b] : [...a, b];
  }
  if (op === "-" && isList(a)) {
    const remove = isList(b) ? b : [b];
    if (isList(b)) return a.filter((x) => !remove.some((r) => equals(x, r)));
    const idx = a.findIndex((x) => equals(x, b));
    return idx < 0 ? [...a] : [...a.slice(0, idx), ...a.slice(idx + 1)];
  }
  const x = toNumber(a);
  const y = toNumber(b);
  // Pebble widens: any double operand (or a numeric string with a dot) makes a double operation.
  const double =
    isDouble(a) ||
    isDouble(b) ||
    (typeof a === "string" && /[.eE]/.test(a)) ||
    (typeof b === "string" && /[.eE]/.test(b));
  switch (op) {
    case "+":
      return double ? toDouble(x + y) : x + y;
    case "-":
      return double ? toDouble(x - y) : x - y;
    case "*":
      return double ? toDouble(x * y) : x * y;
    case "/":
      if (double) return toDouble(x / y);
      if (y === 0) throw new FilterError("/ by zero");
      return Math.trunc(x / y);
    case "%":
      if (double) return toDouble(x % y);
      if (y === 0) throw new FilterError("/ by zero");
      return x % y;
    default:
      throw new FilterError(`Unknown operator ${op}`);
  }
}

/** Pebble's `==`: numbers by value, everything else by Java `equals` (deep for lists and maps). */
export function equals(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || a === undefined || b === undefined) return false;
  if (isNumber(a) && isNumber(b)) return numberValue(a) === numberValue(b);
  if (isList(a) && isList(b)) return a.length === b.length && a.every((x, i) => equals(x, b[i]));
  if (isMap(a) && isMap(b)) {
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    return ka.length === kb.length && ka.every((k) => Object.hasOwn(b, k) && equals(a[k], b[k]));
  }
  return false;
}

/** Pebble's `<`, `>`, …: numbers (null on either side is false); Kestra adds strings (compareTo). */
export function compare(op: string, a: unknown, b: unknown): boolean {
  if (a === null || b === null || a === undefined || b === undefined) return false;
  if (typeof a === "string" && typeof b === "string") {
    const c = a < b ? -1 : a > b ? 1 : 0;
    return op === "<" ? c < 0 : op === ">" ? c > 0 : op === "<=" ? c <= 0 : c >= 0;
  }
  if (!isNumber(a) || !isNumber(b)) {
    throw new FilterError(`invalid operands for mathematical comparison [${op}]: ${typeName(a)} and ${typeName(b)}`);
  }
  const x = numberValue(a);
  const y = numberValue(b);
  switch (op) {
    case "<":
      return x < y;
    case ">":
      return x > y;
    case "<=":
      return x <= y;
    default:
      return x >= y;
  }
}

/** Java's natural order for `sort`: numbers and strings (by UTF-16 code units), same types only. */
export function naturalCompare(a: unknown, b: unknown): number {
  if (isNumber(a) && isNumber(b)) return numberValue(a) - numberValue(b);
  if (typeof a === "string" && typeof b === "string") return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === "boolean" && typeof b === "boolean") return Number(a) - Number(b);
  throw new FilterError(`Cannot compare ${typeName(a)} with ${typeName(b)}`);
}

/** Pebble's `contains` operator. */
export function contains(container: unknown, item: unknown): boolean {
  if (container === null || container === undefined) return false;
  if (isList(container)) {
    if (isList(item)) return item.every((i) => container.some((c) => equals(c, i)));
    return container.some((c) => equals(c, item));
  }
  if (isMap(container)) return Object.hasOwn(container, String(item));
  if (typeof container === "string") return container.includes(javaString(item));
  throw new FilterError(
    `Contains operator can only be used on Collections, Maps and arrays. Actual type was: ${typeName(container)}`,
  );
}

/**
 * Kestra's `in` (InExpression: a list's element, all of a list, or a map's key) and `isIn`,
 * which also accepts a map's value.
 */
export function isIn(item: unknown, container: unknown, orValue: boolean): boolean {
  if (container === null || container === undefined) return false;
  if (isList(container)) {
    if (isList(item)) return item.every((i) => container.some((c) => equals(c, i)));
    return container.some((c) => equals(c, item));
  }
  if (isMap(container)) {
    if (Object.hasOwn(container, javaString(item))) return true;
    return orValue && Object.values(container).some((v) => equals(v, item));
  }
  throw new FilterError(
    `In operator can only be used on Collections, Maps and arrays. Actual type was: ${typeName(container)}`,
  );
}
