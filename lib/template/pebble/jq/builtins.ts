import { JsonDepthError, parseJsonWithin } from "../../../json/json-depth";
import { isList, isMap, newMap } from "../values";
import { cartesian, simple } from "./args";
import { type ValueFn, valueFn } from "./registry";
import { plus } from "./ops";
import { arrayIndexes } from "./paths";
import { values } from "./run";
import {
  chargeCopy,
  codePoints,
  dump,
  JqError,
  jqCompare,
  jqEqual,
  sameKind,
  sortedKeys,
  text,
  trunc,
  truthy,
  typeError,
  typeError2,
  typeOf,
} from "./values";

// The core builtins: types, lengths, keys, containment, sorting and grouping, JSON text.

simple("not/0", (input) => !truthy(input));
valueFn("empty/0", () => []);
valueFn("error/0", (_a, input) => raise(input));
valueFn("error/1", function* (args, input, s) {
  for (const v of values(args[0], input, s)) yield* raise(v);
});

/** error(null) is no error at all in jq 1.6 (and jackson-jq): it produces nothing. */
function raise(v: unknown): never[] {
  if (v === null) return [];
  throw new JqError(v);
}

simple("type/0", (input) => typeOf(input));
simple("length/0", (input) => {
  if (input === null) return 0;
  if (typeof input === "string") return codePoints(input).length;
  if (isList(input)) return input.length;
  if (isMap(input)) return Object.keys(input).length;
  if (typeof input === "number") return Math.abs(input);
  throw typeError(input, "has no length");
});
simple("utf8bytelength/0", (input) => {
  if (typeof input !== "string") throw typeError(input, "only strings have UTF-8 byte length");
  return Buffer.byteLength(input, "utf8");
});

function keys(input: unknown, sorted: boolean): unknown[] {
  if (isMap(input)) return sorted ? sortedKeys(input) : Object.keys(input);
  if (isList(input)) return input.map((_v, i) => i);
  throw typeError(input, "has no keys");
}
simple("keys/0", (input) => keys(input, true));
simple("keys_unsorted/0", (input) => keys(input, false));

simple("has/1", (input, k) => {
  if (isMap(input) && typeof k === "string") return Object.hasOwn(input, k);
  if (isList(input) && typeof k === "number") return k >= 0 && k < input.length;
  throw new JqError(`Cannot check whether ${typeOf(input)} has a ${typeOf(k)} key`);
});

// jq's jv_contains: strings by substring, arrays and objects recursively, other kinds by equality.
function contains(a: unknown, b: unknown): boolean {
  if (!sameKind(a, b)) return false;
  if (typeof a === "string") return a.includes(b as string);
  if (isList(a) && isList(b)) return b.every((x) => a.some((y) => contains(y, x)));
  if (isMap(a) && isMap(b)) return Object.keys(b).every((k) => Object.hasOwn(a, k) && contains(a[k], b[k]));
  return jqEqual(a, b);
}
simple("contains/1", (input, b) => {
  if (!sameKind(input, b)) throw typeError2(input, b, "cannot have their containment checked");
  return contains(input, b);
});

/** What `.[]` walks: an array's items or an object's values. */
export function items(v: unknown): unknown[] {
  if (isList(v)) return v;
  if (isMap(v)) return Object.values(v);
  throw new JqError(`Cannot iterate over ${typeOf(v)} (${trunc(v)})`);
}

// `reduce .[] as $x (null; . + $x)`, the accumulator (a copy) grown in place.
valueFn("add/0", (_a, input, s) => {
  let acc: unknown = null;
  let mine = false;
  for (const v of items(input)) {
    s.charge(1);
    if (v === null) continue;
    if ((isList(acc) && isList(v)) || (isMap(acc) && isMap(v))) {
      if (!mine) acc = isList(acc) ? [...acc] : Object.assign(newMap(), acc);
      chargeCopy(s.charge, ...(mine ? [v] : [acc, v]));
      if (isList(acc)) for (const x of v as unknown[]) acc.push(x);
      else Object.assign(acc as object, v);
      mine = true;
    } else {
      acc = plus(acc, v, s.charge);
      mine = false;
    }
  }
  return [acc];
});

// any/all stop at the first output that decides.
function quantifier(want: boolean): ValueFn {
  return function* (args, input, s) {
    const gen = args.length === 2 ? values(args[0], input, s) : items(input);
    const cond = args.length === 2 ? args[1] : args[0];
    for (const v of gen) {
      const outs = cond ? values(cond, v, s) : [v];
      for (const c of outs)
        if (truthy(c) === want) {
          yield want;
          return;
        }
    }
    yield !want;
  };
}
valueFn(["any/0", "any/1", "any/2"], quantifier(true));
valueFn(["all/0", "all/1", "all/2"], quantifier(false));

function sortable(input: unknown): unknown[] {
  if (!isList(input)) throw typeError(input, "cannot be sorted, as it is not an array");
  return input;
}

/** Items and their keys (every output of `f`), sorted stably by key. */
function keyed(args: Parameters<ValueFn>[0], input: unknown, s: Parameters<ValueFn>[2]) {
  const list = sortable(input).map((v, i) => ({ v, i, k: args.length ? [...values(args[0], v, s)] : [v] }));
  s.charge(list.length);
  return list.sort((a, b) => jqCompare(a.k, b.k) || a.i - b.i);
}

function groups(args: Parameters<ValueFn>[0], input: unknown, s: Parameters<ValueFn>[2]): unknown[][] {
  const out: { k: unknown; v: unknown[] }[] = [];
  for (const x of keyed(args, input, s)) {
    const last = out[out.length - 1];
    if (last && jqEqual(last.k, x.k)) last.v.push(x.v);
    else out.push({ k: x.k, v: [x.v] });
  }
  return out.map((g) => g.v);
}

valueFn(["sort/0", "sort_by/1"], (args, input, s) => [keyed(args, input, s).map((x) => x.v)]);
valueFn("group_by/1", (args, input, s) => [groups(args, input, s)]);
valueFn(["unique/0", "unique_by/1"], (args, input, s) => [groups(args, input, s).map((g) => g[0])]);
// min keeps the first of equal keys, max the last (jq's _min_by_impl/_max_by_impl).
valueFn(["min/0", "min_by/1"], (args, input, s) => {
  const list = keyed(args, input, s);
  return [list.length ? list[0].v : null];
});
valueFn(["max/0", "max_by/1"], (args, input, s) => {
  const list = keyed(args, input, s);
  return [list.length ? list[list.length - 1].v : null];
});

simple("reverse/0", (input) => {
  if (input === null) return [];
  if (typeof input === "string") return codePoints(input).reverse().join("");
  if (!isList(input)) throw new JqError(`Cannot index ${typeOf(input)} with number`);
  return [...input].reverse();
});

function flatten(v: unknown, depth: number): unknown[] {
  return items(v).flatMap((x) => (isList(x) && depth !== 0 ? flatten(x, depth - 1) : [x]));
}
simple("flatten/0", (input) => flatten(input, -1));
simple("flatten/1", (input, d) => {
  if (typeof d !== "number") throw typeError(d, "number required");
  if (d < 0) throw new JqError("flatten depth must not be negative");
  return flatten(input, d);
});

simple("transpose/0", (input) => {
  const rows = items(input).map(items);
  const width = rows.reduce((w, r) => Math.max(w, r.length), 0);
  return Array.from({ length: width }, (_v, j) => rows.map((r) => r[j] ?? null));
});

function indices(input: unknown, x: unknown): unknown {
  if (input === null) return null;
  if (typeof input === "string" && typeof x === "string") {
    const out: number[] = [];
    if (x === "") return out;
    for (let i = input.indexOf(x); i >= 0; i = input.indexOf(x, i + 1)) out.push(i);
    return out;
  }
  if (isList(input)) return arrayIndexes(input, isList(x) ? x : [x]);
  throw new JqError(`Cannot determine the indices of ${typeOf(x)} in ${typeOf(input)}`);
}
simple("indices/1", indices);
simple("index/1", (input, x) => {
  const all = indices(input, x);
  return isList(all) ? (all[0] ?? null) : null;
});
simple("rindex/1", (input, x) => {
  const all = indices(input, x);
  return isList(all) ? (all[all.length - 1] ?? null) : null;
});

// Where `target` is in a sorted array, else -1 - (where it would go).
simple("bsearch/1", (input, target) => {
  const list = sortable(input);
  let lo = 0;
  let hi = list.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const c = jqCompare(list[mid], target);
    if (c === 0) return mid;
    if (c < 0) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1 - lo;
});

simple("tostring/0", (input) => text(input));
simple("tojson/0", (input) => dump(input));
simple("fromjson/0", (input) => {
  if (typeof input !== "string") throw typeError(input, "only strings can be parsed");
  try {
    return parseJsonWithin(input.trim() === "nan" ? "null" : input);
  } catch (err) {
    if (err instanceof JsonDepthError) throw new JqError(`${err.message} (MAX_JSON_DEPTH): fromjson refuses it`);
    throw new JqError(`${input} (while parsing '${input}')`);
  }
});

const NUMBER = /^\s*-?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?\s*$/;
simple("tonumber/0", (input) => {
  if (typeof input === "number") return input;
  if (typeof input !== "string") throw typeError(input, "cannot be parsed as a number");
  if (!NUMBER.test(input)) throw new JqError(`Cannot parse '${input}' as JSON`);
  return Number(input);
});

simple("input_filename/0", () => null);
valueFn(["debug/0", "stderr/0"], (_a, input) => [input]);
simple("now/0", () => Date.now() / 1000);

/** `in(xs)` and `inside(xs)`: `has` and `contains` the other way round. */
valueFn("in/1", function* (args, input, s) {
  for (const [o] of cartesian(args, input, s)) {
    if (isMap(o) && typeof input === "string") yield Object.hasOwn(o, input);
    else if (isList(o) && typeof input === "number") yield input >= 0 && input < o.length;
    else throw new JqError(`Cannot check whether ${typeOf(o)} has a ${typeOf(input)} key`);
  }
});
simple("inside/1", (input, a) => {
  if (!sameKind(a, input)) throw typeError2(a, input, "cannot have their containment checked");
  return contains(a, input);
});
