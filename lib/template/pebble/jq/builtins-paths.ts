import { isList, isMap, newMap } from "../values";
import { firstOf, simple } from "./args";
import type { J } from "./ast";
import { type Out, pathOf, type Scope } from "./env";
import { delpaths, getpath, type Owned, setpath } from "./paths";
import { type PathFn, pathFn, valueFn } from "./registry";
import { ev, values } from "./run";
import { isNormal, JqError, type Path, trunc, truthy, typeError, typeOf } from "./values";

// Paths and what is built on them: path(f), paths, getpath/setpath/delpaths, del, the assignment
// operators (jq compiles `a |= f` to `_modify(a; f)`, `a = b` to `_assign(a; b)`), the entries
// functions, and the filters that may sit inside a path expression (select, recurse, `numbers`, …).

/** Every path `f` walks in `input`; an output that is not a path is an error. */
function* pathsOf(f: J, input: unknown, s: Scope): Generator<Path> {
  for (const [v, t] of ev(f, input, [], s)) {
    const p = pathOf(v, t);
    if (!p) throw new JqError(`Invalid path expression with result ${trunc(v, 30)}`);
    yield p;
  }
}

valueFn("path/1", (args, input, s) => pathsOf(args[0], input, s));

const RECURSE: J = { t: "recurse" };

function* allPaths(input: unknown, s: Scope): Generator<Path> {
  for (const p of pathsOf(RECURSE, input, s)) if (p.length > 0) yield p;
}

valueFn("paths/0", (_a, input, s) => allPaths(input, s));
valueFn("paths/1", function* (args, input, s) {
  for (const p of allPaths(input, s)) for (const c of values(args[0], getpath(input, p), s)) if (truthy(c)) yield p;
});
valueFn("leaf_paths/0", function* (_a, input, s) {
  for (const p of allPaths(input, s)) {
    const v = getpath(input, p);
    if (!isList(v) && !isMap(v)) yield p;
  }
});

pathFn("getpath/1", function* (args, input, path, s) {
  for (const p of values(args[0], input, s)) {
    const v = getpath(input, p);
    const at = pathOf(input, path);
    if (at === null) throw new JqError(`Invalid path expression with result ${trunc(input, 30)}`);
    yield [v, at && [...at, ...(p as Path)]];
  }
});

// setpath(p; v) runs as jq 1.6 runs C builtins: the last argument varies slowest.
valueFn("setpath/2", function* (args, input, s) {
  for (const v of values(args[1], input, s))
    for (const p of values(args[0], input, s)) yield setpath(input, p, v, undefined, s.charge);
});
valueFn("delpaths/1", function* (args, input, s) {
  for (const ps of values(args[0], input, s)) yield delpaths(input, ps, s.charge);
});
valueFn("del/1", (args, input, s) => [delpaths(input, [...pathsOf(args[0], input, s)], s.charge)]);

// `a = b`: for each output of b (on the input), every path of a set to it.
valueFn("_assign/2", function* (args, input, s) {
  for (const v of values(args[1], input, s)) {
    const owned: Owned = new Set();
    let acc = input;
    for (const p of pathsOf(args[0], input, s)) acc = setpath(acc, p, v, owned, s.charge);
    yield acc;
  }
});

const NONE = Symbol("none");

/**
 * `a |= f`, as jq 1.6's _modify: for each path of a (walked in the input), the first output of f
 * on what is there now replaces it; no output deletes it.
 */
function modify(input: unknown, paths: J, f: (v: unknown) => unknown, s: Scope): unknown {
  const owned: Owned = new Set();
  let acc = input;
  for (const p of pathsOf(paths, input, s)) {
    const old = getpath(acc, p);
    // The value goes to f: from now on, never change it in place.
    if (old !== null && typeof old === "object" && owned.has(old)) owned.clear();
    const v = f(old);
    acc = v === NONE ? delpaths(acc, [p], s.charge) : setpath(acc, p, v, owned, s.charge);
  }
  return acc;
}

valueFn("_modify/2", (args, input, s) => [modify(input, args[0], (v) => firstOf(values(args[1], v, s), NONE), s)]);
valueFn("map_values/1", (args, input, s) => [
  modify(input, { t: "iterate", of: { t: "identity" } }, (v) => firstOf(values(args[0], v, s), NONE), s),
]);

function toEntries(input: unknown): unknown[] {
  if (isList(input)) return input.map((value, key) => Object.assign(newMap(), { key, value }));
  if (!isMap(input)) throw typeError(input, "has no keys");
  return Object.keys(input).map((key) => Object.assign(newMap(), { key, value: input[key] }));
}
simple("to_entries/0", toEntries);

/** from_entries as jackson-jq has it: `key`, `Key`, `name` or `Name` (a string), `value` or `Value`. */
function fromEntries(input: unknown): Record<string, unknown> {
  if (!isList(input) && !isMap(input)) throw new JqError(`Cannot iterate over ${typeOf(input)} (${trunc(input)})`);
  const out = newMap();
  for (const e of isList(input) ? input : Object.values(input)) {
    if (!isMap(e)) throw new JqError(`Cannot index ${typeOf(e)} with string "key"`);
    const name = ["key", "Key", "name", "Name"].find((n) => Object.hasOwn(e, n));
    const key = name === undefined ? null : e[name];
    if (typeof key !== "string") throw new JqError(`Cannot use ${typeOf(key)} (${trunc(key)}) as object key`);
    out[key] = Object.hasOwn(e, "value") ? e.value : Object.hasOwn(e, "Value") ? e.Value : null;
  }
  return out;
}
simple("from_entries/0", fromEntries);
valueFn("with_entries/1", (args, input, s) => [
  fromEntries(toEntries(input).flatMap((e) => [...values(args[0], e, s)])),
]);

// Filters that keep their input (and its path) or drop it.
function keep(test: (v: unknown) => boolean): PathFn {
  return (_a, input, path) => (test(input) ? [[input, path] as Out] : []);
}

pathFn("select/1", function* (args, input, path, s) {
  for (const c of values(args[0], input, s)) if (truthy(c)) yield [input, path];
});
const types: [string, (v: unknown) => boolean][] = [
  ["arrays", isList],
  ["objects", isMap],
  ["iterables", (v) => isList(v) || isMap(v)],
  ["scalars", (v) => !isList(v) && !isMap(v)],
  ["booleans", (v) => typeof v === "boolean"],
  ["numbers", (v) => typeof v === "number"],
  ["strings", (v) => typeof v === "string"],
  ["nulls", (v) => v === null],
  ["values", (v) => v !== null],
  ["finites", (v) => typeof v === "number" && Math.abs(v) !== Number.POSITIVE_INFINITY],
  ["normals", (v) => typeof v === "number" && isNormal(v)],
];
for (const [name, test] of types) pathFn(`${name}/0`, keep(test));

pathFn(["recurse/0", "recurse_down/0"], (_a, input, path, s) => ev(RECURSE, input, path, s));

/** `recurse(f)`: the input, then f of it, recursively; nulls end a branch (the manual's `recurse(f; . != null)`). */
pathFn(["recurse/1", "recurse/2"], (args, input, path, s) =>
  unfold([input, path], function* ([v, p]) {
    yield { out: [v, p] };
    for (const next of ev(args[0], v, p, s)) {
      const ok = args.length === 1 ? next[0] !== null : firstOf(truthyOutputs(args[1], next[0], s), false);
      if (ok) yield { again: next };
    }
  }),
);

function* truthyOutputs(cond: J, v: unknown, s: Scope): Generator<boolean> {
  for (const c of values(cond, v, s)) if (truthy(c)) yield true;
}

type Step = { out: Out } | { again: Out };

/**
 * A recursive generator run on an explicit stack, so deep recursions (recurse, until, while)
 * do not nest JavaScript generators.
 */
export function* unfold(start: Out, step: (x: Out) => Iterator<Step>): Generator<Out> {
  const stack = [step(start)];
  try {
    while (stack.length) {
      const r = stack[stack.length - 1].next();
      if (r.done) stack.pop();
      else if ("out" in r.value) yield r.value.out;
      else stack.push(step(r.value.again));
    }
  } finally {
    for (const it of stack) it.return?.();
  }
}
