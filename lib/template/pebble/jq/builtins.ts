import { JsonDepthError, parseJsonWithin } from "../../../json/json-depth";
import { FilterError } from "../errors";
import { equals, isList, isMap, newMap, toJson } from "../values";
import type { J } from "./ast";
import { JqError, index, jqCompare, truthy, typeOf, type JqContext } from "./values";

type Builtin = (args: J[], input: unknown, ctx: JqContext) => Iterable<unknown>;

function list(v: unknown, what: string): unknown[] {
  if (!isList(v)) throw new JqError(`Cannot ${what} ${typeOf(v)}`);
  return v;
}

function str(v: unknown, what: string): string {
  if (typeof v !== "string") throw new JqError(`${typeOf(v)} (${toJson(v)}) cannot be ${what}`);
  return v;
}

function num(v: unknown, what: string): number {
  if (typeof v !== "number") throw new JqError(`${typeOf(v)} (${toJson(v)}) number required for ${what}`);
  return v;
}

/** All outputs of the argument `i`, on the current input. */
const all = (args: J[], i: number, input: unknown, ctx: JqContext) => [...ctx.run(args[i], input, ctx)];

function keyed(input: unknown, f: J, ctx: JqContext): { v: unknown; k: unknown[] }[] {
  return list(input, "iterate over").map((v) => ({ v, k: [...ctx.run(f, v, ctx)] }));
}

// jq's jv_contains: strings by substring, arrays and objects recursively, other kinds by equality.
function containsDeep(a: unknown, b: unknown): boolean {
  if (typeOf(a) !== typeOf(b)) return false;
  if (typeof a === "string" && typeof b === "string") return a.includes(b);
  if (isList(a) && isList(b)) return b.every((x) => a.some((y) => containsDeep(y, x)));
  if (isMap(a) && isMap(b)) return Object.keys(b).every((k) => Object.hasOwn(a, k) && containsDeep(a[k], b[k]));
  return equals(a, b);
}

function contains(a: unknown, b: unknown): boolean {
  if (typeOf(a) !== typeOf(b)) throw new JqError(`${typeOf(a)} and ${typeOf(b)} cannot have their containment checked`);
  return containsDeep(a, b);
}

/** A JS RegExp for a jq (Oniguruma) pattern and flags: `i`, `s`, `x` (extended: spaces and comments dropped). */
function regex(pattern: string, flags: string): RegExp {
  const source = flags.includes("x")
    ? pattern.replace(/\\.|#[^\n]*|\s+/g, (m) => (m.startsWith("\\") ? m : ""))
    : pattern;
  return new RegExp(source, `u${flags.includes("i") ? "i" : ""}${flags.includes("s") ? "s" : ""}`);
}

function flatten(v: unknown[], depth: number): unknown[] {
  return v.flatMap((x) => (isList(x) && depth > 0 ? flatten(x, depth - 1) : [x]));
}

function* range(from: number, to: number, by: number, ctx: JqContext): Generator<number> {
  if (by === 0) return;
  for (let n = from; by > 0 ? n < to : n > to; n += by) {
    ctx.charge(1);
    yield n;
  }
}

const ENTRY_KEYS = ["key", "k", "name", "Name", "K", "Key"];
const ENTRY_VALUES = ["value", "v", "Value", "V"];

const BUILTINS: Record<string, Builtin> = {
  "empty/0": () => [],
  "not/0": (_a, input) => [!truthy(input)],
  "error/0": (_a, input) => {
    throw new JqError(typeof input === "string" ? input : toJson(input));
  },
  "error/1": (args, input, ctx) => {
    for (const m of ctx.run(args[0], input, ctx)) throw new JqError(typeof m === "string" ? m : toJson(m));
    return [];
  },
  "select/1": function* (args, input, ctx) {
    for (const c of ctx.run(args[0], input, ctx)) if (truthy(c)) yield input;
  },
  "map/1": (args, input, ctx) => {
    const items = isMap(input) ? Object.values(input) : list(input, "iterate over");
    return [items.flatMap((v) => [...ctx.run(args[0], v, ctx)])];
  },
  "map_values/1": (args, input, ctx) => {
    if (isList(input)) return [input.flatMap((v) => [...ctx.run(args[0], v, ctx)].slice(0, 1))];
    if (!isMap(input)) throw new JqError(`Cannot iterate over ${typeOf(input)}`);
    const out = newMap();
    for (const [k, v] of Object.entries(input)) {
      const first = ctx.run(args[0], v, ctx).next();
      if (!first.done) out[k] = first.value;
    }
    return [out];
  },
  "recurse/0": (_a, input, ctx) => ctx.run({ t: "recurse" }, input, ctx),
  "recurse/1": function* rec(args, input, ctx): Generator<unknown> {
    yield input;
    for (const v of ctx.run({ t: "try", body: args[0] }, input, ctx)) yield* rec(args, v, ctx);
  },
  "length/0": (_a, input) => {
    if (input === null) return [0];
    if (typeof input === "string" || isList(input)) return [input.length];
    if (isMap(input)) return [Object.keys(input).length];
    if (typeof input === "number") return [Math.abs(input)];
    throw new JqError(`${typeOf(input)} (${toJson(input)}) has no length`);
  },
  "utf8bytelength/0": (_a, input) => [Buffer.byteLength(str(input, "measured"), "utf8")],
  "keys/0": (_a, input) => {
    if (isMap(input)) return [Object.keys(input).sort()];
    if (isList(input)) return [input.map((_v, i) => i)];
    throw new JqError(`${typeOf(input)} (${toJson(input)}) has no keys`);
  },
  "keys_unsorted/0": (_a, input) => {
    if (isMap(input)) return [Object.keys(input)];
    return BUILTINS["keys/0"]([], input, undefined as never);
  },
  "values/0": (_a, input) => (input === null ? [] : [input]),
  "has/1": (args, input, ctx) =>
    all(args, 0, input, ctx).map((k) =>
      isMap(input)
        ? Object.hasOwn(input, String(k))
        : isList(input) && typeof k === "number" && k >= 0 && k < input.length,
    ),
  "in/1": (args, input, ctx) =>
    all(args, 0, input, ctx).map((o) =>
      isMap(o) ? Object.hasOwn(o, String(input)) : isList(o) && typeof input === "number" && input < o.length,
    ),
  "contains/1": (args, input, ctx) => all(args, 0, input, ctx).map((b) => contains(input, b)),
  "inside/1": (args, input, ctx) => all(args, 0, input, ctx).map((a) => contains(a, input)),
  "add/0": (_a, input) => {
    const items = isMap(input) ? Object.values(input) : list(input, "add");
    let acc: unknown = null;
    for (const v of items) acc = arithPlus(acc, v);
    return [acc];
  },
  "any/0": (_a, input) => [list(input, "iterate over").some(truthy)],
  "all/0": (_a, input) => [list(input, "iterate over").every(truthy)],
  "any/1": (args, input, ctx) => [list(input, "iterate over").some((v) => [...ctx.run(args[0], v, ctx)].some(truthy))],
  "all/1": (args, input, ctx) => [
    list(input, "iterate over").every((v) => [...ctx.run(args[0], v, ctx)].every(truthy)),
  ],
  "first/0": (_a, input) => [index(input, 0)],
  "last/0": (_a, input) => [index(input, -1)],
  "first/1": function* (args, input, ctx) {
    for (const v of ctx.run(args[0], input, ctx)) {
      yield v;
      return;
    }
  },
  "last/1": (args, input, ctx) => {
    const out = all(args, 0, input, ctx);
    return out.length ? [out[out.length - 1]] : [];
  },
  "limit/2": function* (args, input, ctx) {
    for (const n of ctx.run(args[0], input, ctx)) {
      let left = num(n, "limit");
      if (left <= 0) continue;
      for (const v of ctx.run(args[1], input, ctx)) {
        yield v;
        if (--left <= 0) break;
      }
    }
  },
  "range/1": function* (args, input, ctx) {
    for (const to of ctx.run(args[0], input, ctx)) yield* range(0, num(to, "range"), 1, ctx);
  },
  "range/2": function* (args, input, ctx) {
    for (const from of ctx.run(args[0], input, ctx))
      for (const to of ctx.run(args[1], input, ctx)) yield* range(num(from, "range"), num(to, "range"), 1, ctx);
  },
  "range/3": function* (args, input, ctx) {
    for (const from of ctx.run(args[0], input, ctx))
      for (const to of ctx.run(args[1], input, ctx))
        for (const by of ctx.run(args[2], input, ctx))
          yield* range(num(from, "range"), num(to, "range"), num(by, "range"), ctx);
  },
  "reverse/0": (_a, input) => [
    input === null
      ? []
      : typeof input === "string"
        ? [...input].reverse().join("")
        : [...list(input, "reverse")].reverse(),
  ],
  "sort/0": (_a, input) => [[...list(input, "sort")].sort(jqCompare)],
  "sort_by/1": (args, input, ctx) => [
    keyed(input, args[0], ctx)
      .sort((a, b) => jqCompare(a.k, b.k))
      .map((x) => x.v),
  ],
  "group_by/1": (args, input, ctx) => {
    const groups: { k: unknown[]; v: unknown[] }[] = [];
    for (const item of keyed(input, args[0], ctx).sort((a, b) => jqCompare(a.k, b.k))) {
      const last = groups[groups.length - 1];
      if (last && jqCompare(last.k, item.k) === 0) last.v.push(item.v);
      else groups.push({ k: item.k, v: [item.v] });
    }
    return [groups.map((g) => g.v)];
  },
  "unique/0": (_a, input) => [
    [...list(input, "sort")].sort(jqCompare).filter((v, i, a) => i === 0 || jqCompare(v, a[i - 1]) !== 0),
  ],
  "unique_by/1": (args, input, ctx) => [
    keyed(input, args[0], ctx)
      .sort((a, b) => jqCompare(a.k, b.k))
      .filter((x, i, a) => i === 0 || jqCompare(x.k, a[i - 1].k) !== 0)
      .map((x) => x.v),
  ],
  "min/0": (_a, input) => [[...list(input, "min")].sort(jqCompare)[0] ?? null],
  "max/0": (_a, input) => [[...list(input, "max")].sort(jqCompare).at(-1) ?? null],
  "min_by/1": (args, input, ctx) => [keyed(input, args[0], ctx).sort((a, b) => jqCompare(a.k, b.k))[0]?.v ?? null],
  "max_by/1": (args, input, ctx) => [
    keyed(input, args[0], ctx)
      .sort((a, b) => jqCompare(a.k, b.k))
      .at(-1)?.v ?? null,
  ],
  "flatten/0": (_a, input) => [flatten(list(input, "flatten"), Infinity)],
  "flatten/1": (args, input, ctx) =>
    all(args, 0, input, ctx).map((d) => flatten(list(input, "flatten"), num(d, "flatten"))),
  "tostring/0": (_a, input) => [typeof input === "string" ? input : toJson(input)],
  "tonumber/0": (_a, input) => {
    if (typeof input === "number") return [input];
    const text = str(input, "parsed as a number");
    const n = Number(text);
    if (Number.isNaN(n) || text.trim() === "") throw new JqError(`Cannot parse '${text}' as JSON`);
    return [n];
  },
  "tojson/0": (_a, input) => [toJson(input)],
  "fromjson/0": (_a, input) => {
    try {
      return [parseJsonWithin(str(input, "parsed"))];
    } catch (err) {
      if (err instanceof JqError) throw err;
      if (err instanceof JsonDepthError) throw new JqError(`${err.message} (MAX_JSON_DEPTH): fromjson refuses it`);
      throw new JqError(`${input as string} (while parsing '${input as string}')`);
    }
  },
  "type/0": (_a, input) => [typeOf(input)],
  "to_entries/0": (_a, input) => {
    if (!isMap(input)) throw new JqError(`${typeOf(input)} has no keys`);
    return [Object.keys(input).map((key) => Object.assign(newMap(), { key, value: input[key] }))];
  },
  "from_entries/0": (_a, input) => {
    const out = newMap();
    for (const e of list(input, "iterate over")) {
      if (!isMap(e)) throw new JqError(`Cannot index ${typeOf(e)} with "key"`);
      const k = ENTRY_KEYS.map((n) => e[n]).find((x) => x !== undefined && x !== null && x !== false);
      const v = ENTRY_VALUES.map((n) => e[n]).find((x) => x !== undefined);
      out[typeof k === "string" ? k : toJson(k ?? null)] = v ?? null;
    }
    return [out];
  },
  "with_entries/1": (args, input, ctx) => {
    const entries = BUILTINS["to_entries/0"]([], input, ctx) as unknown[];
    const mapped = BUILTINS["map/1"](args, entries[0], ctx) as unknown[];
    return BUILTINS["from_entries/0"]([], mapped[0], ctx);
  },
  "join/1": (args, input, ctx) =>
    all(args, 0, input, ctx).map((sep) =>
      list(input, "iterate over")
        .map((v) =>
          v === null
            ? ""
            : typeof v === "string"
              ? v
              : typeof v === "number" || typeof v === "boolean"
                ? String(v)
                : (() => {
                    throw new JqError(`Cannot join with ${typeOf(v)}`);
                  })(),
        )
        .join(str(sep, "used as a separator")),
    ),
  "ascii_downcase/0": (_a, input) => [str(input, "lowercased").replace(/[A-Z]/g, (c) => c.toLowerCase())],
  "ascii_upcase/0": (_a, input) => [str(input, "uppercased").replace(/[a-z]/g, (c) => c.toUpperCase())],
  "ltrimstr/1": (args, input, ctx) =>
    all(args, 0, input, ctx).map((p) =>
      typeof input === "string" && typeof p === "string" && input.startsWith(p) ? input.slice(p.length) : input,
    ),
  "rtrimstr/1": (args, input, ctx) =>
    all(args, 0, input, ctx).map((p) =>
      typeof input === "string" && typeof p === "string" && p && input.endsWith(p) ? input.slice(0, -p.length) : input,
    ),
  "startswith/1": (args, input, ctx) =>
    all(args, 0, input, ctx).map((p) => str(input, "checked").startsWith(str(p, "used"))),
  "endswith/1": (args, input, ctx) =>
    all(args, 0, input, ctx).map((p) => str(input, "checked").endsWith(str(p, "used"))),
  "trim/0": (_a, input) => [str(input, "trimmed").trim()],
  "ltrim/0": (_a, input) => [str(input, "trimmed").trimStart()],
  "rtrim/0": (_a, input) => [str(input, "trimmed").trimEnd()],
  "split/1": (args, input, ctx) =>
    all(args, 0, input, ctx).map((sep) => str(input, "split").split(str(sep, "used to split"))),
  "test/1": (args, input, ctx) =>
    all(args, 0, input, ctx).map((re) => regex(str(re, "used as a regex"), "").test(str(input, "matched"))),
  "test/2": (args, input, ctx) =>
    all(args, 0, input, ctx).map((re) =>
      regex(str(re, "used as a regex"), String(all(args, 1, input, ctx)[0] ?? "")).test(str(input, "matched")),
    ),
  "explode/0": (_a, input) => [[...str(input, "exploded")].map((c) => c.codePointAt(0))],
  "implode/0": (_a, input) => [String.fromCodePoint(...list(input, "implode").map((n) => num(n, "implode")))],
  "floor/0": (_a, input) => [Math.floor(num(input, "floor"))],
  "ceil/0": (_a, input) => [Math.ceil(num(input, "ceil"))],
  "round/0": (_a, input) => [Math.round(num(input, "round"))],
  "sqrt/0": (_a, input) => [Math.sqrt(num(input, "sqrt"))],
  "fabs/0": (_a, input) => [Math.abs(num(input, "fabs"))],
  "abs/0": (_a, input) => [Math.abs(num(input, "abs"))],
  "tostream/0": () => {
    throw new FilterError("jq function tostream/0 is not supported");
  },
};

for (const [name, type] of [
  ["arrays", "array"],
  ["objects", "object"],
  ["strings", "string"],
  ["numbers", "number"],
  ["booleans", "boolean"],
  ["nulls", "null"],
]) {
  BUILTINS[`${name}/0`] = (_a, input) => (typeOf(input) === type ? [input] : []);
}
BUILTINS["iterables/0"] = (_a, input) => (isList(input) || isMap(input) ? [input] : []);
BUILTINS["scalars/0"] = (_a, input) => (isList(input) || isMap(input) ? [] : [input]);

function arithPlus(a: unknown, b: unknown): unknown {
  if (a === null) return b;
  if (b === null) return a;
  if (typeof a === "number" && typeof b === "number") return a + b;
  if (typeof a === "string" && typeof b === "string") return a + b;
  if (isList(a) && isList(b)) return [...a, ...b];
  if (isMap(a) && isMap(b)) return Object.assign(newMap(), a, b);
  throw new JqError(`${typeOf(a)} and ${typeOf(b)} cannot be added`);
}

/** Calls a jq builtin; `$ENV`, `env`, `input` and anything touching the host are not there. */
export function callBuiltin(name: string, args: J[], input: unknown, ctx: JqContext): Iterable<unknown> {
  const key = `${name}/${args.length}`;
  const fn = Object.hasOwn(BUILTINS, key) ? BUILTINS[key] : undefined;
  if (!fn) throw new FilterError(`jq function ${key} is not supported`);
  return fn(args, input, ctx);
}
