import { isList, isMap, newMap } from "../values";
import { chargeCopy, codePoints, JqError, jqCompare, jqEqual, typeError, typeError2 } from "./values";

type Charge = ((n: number) => void) | undefined;

// jq 1.6's binary operators (src/builtin.c): f_plus, f_minus, f_multiply, f_divide, f_mod and
// the comparisons, with their messages.

export function plus(a: unknown, b: unknown, charge?: Charge): unknown {
  if (a === null) return b;
  if (b === null) return a;
  if (typeof a === "number" && typeof b === "number") return a + b;
  if (typeof a === "string" && typeof b === "string") return a + b;
  if (isList(a) && isList(b)) {
    chargeCopy(charge, a, b);
    return [...a, ...b];
  }
  if (isMap(a) && isMap(b)) {
    chargeCopy(charge, a, b);
    return Object.assign(newMap(), a, b);
  }
  throw typeError2(a, b, "cannot be added");
}

function minus(a: unknown, b: unknown, charge: Charge): unknown {
  if (typeof a === "number" && typeof b === "number") return a - b;
  if (isList(a) && isList(b)) {
    charge?.(Math.ceil((a.length * b.length) / 32));
    return a.filter((x) => !b.some((y) => jqEqual(x, y)));
  }
  throw typeError2(a, b, "cannot be subtracted");
}

function deepMerge(a: Record<string, unknown>, b: Record<string, unknown>, charge: Charge): Record<string, unknown> {
  chargeCopy(charge, a);
  const out = Object.assign(newMap(), a);
  for (const [k, v] of Object.entries(b))
    out[k] = isMap(out[k]) && isMap(v) ? deepMerge(out[k] as Record<string, unknown>, v, charge) : v;
  return out;
}

function multiply(a: unknown, b: unknown, charge: Charge): unknown {
  if (typeof a === "number" && typeof b === "number") return a * b;
  if ((typeof a === "string" && typeof b === "number") || (typeof a === "number" && typeof b === "string")) {
    const [s, n] = typeof a === "string" ? [a, b as number] : [b as string, a];
    // jq appends the string trunc(n - 1) more times; below zero, null.
    const more = Math.trunc(n - 1);
    if (Number.isNaN(more) || more < 0) return null;
    charge?.((more + 1) * s.length);
    return s.repeat(more + 1);
  }
  if (isMap(a) && isMap(b)) return deepMerge(a, b, charge);
  throw typeError2(a, b, "cannot be multiplied");
}

function divide(a: unknown, b: unknown): unknown {
  if (typeof a === "number" && typeof b === "number") {
    if (b === 0) throw typeError2(a, b, "cannot be divided because the divisor is zero");
    return a / b;
  }
  if (typeof a === "string" && typeof b === "string") return split(a, b);
  throw typeError2(a, b, "cannot be divided");
}

/** C's cast of a double to intmax_t on x86: NaN and out-of-range values become INT64_MIN. */
function toInt64(n: number): bigint {
  const t = Math.trunc(n);
  return Number.isFinite(t) && Math.abs(t) < 2 ** 63 ? BigInt(t) : -(2n ** 63n);
}

function modulo(a: unknown, b: unknown): unknown {
  if (typeof a === "number" && typeof b === "number") {
    const d = toInt64(b);
    if (d === 0n) throw typeError2(a, b, "cannot be divided (remainder) because the divisor is zero");
    return Number(toInt64(a) % d);
  }
  throw typeError2(a, b, "cannot be divided (remainder)");
}

/** `"a, b" / ", "` and split/1: an empty string splits into nothing, an empty separator into characters. */
export function split(s: string, sep: string): string[] {
  if (s === "") return [];
  return sep === "" ? codePoints(s) : s.split(sep);
}

export function binop(op: string, a: unknown, b: unknown, charge: Charge): unknown {
  switch (op) {
    case "+":
      return plus(a, b, charge);
    case "-":
      return minus(a, b, charge);
    case "*":
      return multiply(a, b, charge);
    case "/":
      return divide(a, b);
    case "%":
      return modulo(a, b);
    case "==":
      return jqEqual(a, b);
    case "!=":
      return !jqEqual(a, b);
    case "<":
      return jqCompare(a, b) < 0;
    case "<=":
      return jqCompare(a, b) <= 0;
    case ">":
      return jqCompare(a, b) > 0;
    case ">=":
      return jqCompare(a, b) >= 0;
    default:
      throw new JqError(`unknown operator ${op}`);
  }
}

export function negate(v: unknown): number {
  if (typeof v !== "number") throw typeError(v, "cannot be negated");
  return -v;
}
