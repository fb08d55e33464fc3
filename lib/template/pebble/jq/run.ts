import { FilterError } from "../errors";
import { isList, isMap, newMap } from "../values";
import type { FuncDef, J, Pattern } from "./ast";
import {
  type Closure,
  type Env,
  lookupFn,
  lookupLabel,
  lookupVar,
  notPath,
  type Out,
  pathOf,
  ROOT,
  type Scope,
  type Tracked,
} from "./env";
import { formatValue } from "./formats";
import { binop, negate } from "./ops";
import { jvGet, sliceKey } from "./paths";
import { NATIVES, preludeFn } from "./registry";
import { JqBreak, JqError, obj, text, trunc, truthy, typeOf } from "./values";

/** Every output of `e` on `input`, lazily, with its path when `path` is tracked (see Tracked). */
export function* ev(e: J, input: unknown, path: Tracked, s: Scope): Generator<Out> {
  s.charge(1);
  switch (e.t) {
    case "identity":
      yield [input, path];
      return;
    case "recurse":
      yield* recurseAll(input, path, s);
      return;
    case "lit":
      yield [e.v, notPath(path, input)];
      return;
    case "str":
      for (const v of interpolate(e.parts, e.parts.length, input, s, e.format)) yield [v, notPath(path, input)];
      return;
    case "format":
      yield [formatValue(e.name, input), notPath(path, input)];
      return;
    case "var":
      yield [lookupVar(s.env, e.name), notPath(path, input)];
      return;
    case "loc":
      yield [
        obj([
          ["file", "<top-level>"],
          ["line", e.line],
        ]),
        notPath(path, input),
      ];
      return;
    case "index":
      for (const key of values(e.key, input, s)) yield* access(e.of, key, e.opt, input, path, s);
      return;
    case "slice":
      for (const from of e.from ? values(e.from, input, s) : [null])
        for (const to of e.to ? values(e.to, input, s) : [null])
          yield* access(e.of, sliceKey(from, to), e.opt, input, path, s);
      return;
    case "iterate":
      for (const [o, p] of ev(e.of, input, path, s)) yield* iterate(o, p, e.opt);
      return;
    case "try":
      try {
        yield* ev(e.body, input, path, s);
      } catch (err) {
        if (!(err instanceof JqError)) throw err;
        if (e.handler) for (const v of values(e.handler, err.value, s)) yield [v, notPath(path, input)];
      }
      return;
    case "pipe":
      for (const [v, p] of ev(e.l, input, path, s)) yield* ev(e.r, v, p, s);
      return;
    case "comma":
      yield* ev(e.l, input, path, s);
      yield* ev(e.r, input, path, s);
      return;
    case "bind":
      for (const v of values(e.source, input, s)) yield* bindBody(e.patterns, v, e.body, input, path, s);
      return;
    case "reduce":
    case "foreach":
      yield* fold(e, input, path, s);
      return;
    case "if":
      for (const c of values(e.cond, input, s)) {
        if (truthy(c)) yield* ev(e.then, input, path, s);
        else if (e.else) yield* ev(e.else, input, path, s);
        else yield [input, path];
      }
      return;
    case "label": {
      const id = {};
      try {
        yield* ev(e.body, input, path, { ...s, env: { k: "label", name: e.name, id, up: s.env } });
      } catch (err) {
        if (!(err instanceof JqBreak && err.label === id)) throw err;
      }
      return;
    }
    case "break":
      throw new JqBreak(lookupLabel(s.env, e.name));
    case "def":
      yield* ev(e.body, input, path, { ...s, env: define(s.env, e.def) });
      return;
    case "neg":
      for (const v of values(e.of, input, s)) yield [negate(v), notPath(path, input)];
      return;
    case "bin":
      yield* binary(e, input, path, s);
      return;
    case "call":
      yield* call(e.name, e.args, input, path, s);
      return;
    case "array": {
      const items = e.body ? [...values(e.body, input, s)] : [];
      s.charge(items.length);
      yield [items, notPath(path, input)];
      return;
    }
    case "object":
      for (const o of object(e.entries, 0, newMap(), input, s)) yield [o, notPath(path, input)];
      return;
  }
}

/** The values alone, nothing tracked. */
export function* values(e: J, input: unknown, s: Scope): Generator<unknown> {
  for (const [v] of ev(e, input, undefined, s)) yield v;
}

const invalid = (what: string) => new JqError(`Invalid path expression ${what}`);

function* access(of: J, key: unknown, opt: boolean | undefined, input: unknown, path: Tracked, s: Scope) {
  for (const [o, t] of ev(of, input, path, s)) {
    const p = pathOf(o, t);
    if (p === null) throw invalid(`near attempt to access element ${trunc(key)} of ${trunc(o, 30)}`);
    let v: unknown;
    try {
      v = jvGet(o, key);
    } catch (err) {
      if (opt && err instanceof JqError) continue;
      throw err;
    }
    yield [v, p && [...p, key]] as Out;
  }
}

function* iterate(o: unknown, t: Tracked, opt?: boolean): Generator<Out> {
  const p = pathOf(o, t);
  if (p === null) throw invalid(`near attempt to iterate through ${trunc(o, 30)}`);
  if (isList(o)) for (let i = 0; i < o.length; i++) yield [o[i], p && [...p, i]];
  else if (isMap(o)) for (const k of Object.keys(o)) yield [o[k], p && [...p, k]];
  else if (!opt) throw new JqError(`Cannot iterate over ${typeOf(o)} (${trunc(o)})`);
}

/** `..`: the input, then everything inside it, depth first. */
function* recurseAll(v: unknown, p: Tracked, s: Scope): Generator<Out> {
  s.charge(1);
  yield [v, p];
  if (isList(v) || isMap(v)) for (const [x, q] of iterate(v, p)) yield* recurseAll(x, q, s);
}

/** A string's parts; the last interpolation varies slowest, as jq builds `"…" + x + y`. */
function* interpolate(parts: (string | J)[], n: number, input: unknown, s: Scope, fmt?: string): Generator<string> {
  if (n === 0) {
    yield "";
    return;
  }
  const part = parts[n - 1];
  if (typeof part === "string") {
    for (const head of interpolate(parts, n - 1, input, s, fmt)) yield head + part;
    return;
  }
  for (const v of values(part, input, s)) {
    const piece = fmt ? formatValue(fmt, v) : text(v);
    for (const head of interpolate(parts, n - 1, input, s, fmt)) yield head + piece;
  }
}

/** `{…}`: every combination, the first entry varying slowest. */
function* object(
  entries: { key: J; value?: J }[],
  i: number,
  acc: Record<string, unknown>,
  input: unknown,
  s: Scope,
): Generator<Record<string, unknown>> {
  if (i === entries.length) {
    yield acc;
    return;
  }
  const { key, value } = entries[i];
  for (const k of values(key, input, s)) {
    if (typeof k !== "string") throw new JqError(`Cannot use ${typeOf(k)} (${trunc(k)}) as object key`);
    for (const v of value ? values(value, input, s) : [jvGet(input, k)]) {
      const next = Object.assign(newMap(), acc);
      next[k] = v;
      yield* object(entries, i + 1, next, input, s);
    }
  }
}

function* binary(e: Extract<J, { t: "bin" }>, input: unknown, path: Tracked, s: Scope): Generator<Out> {
  if (e.op === "//") {
    let found = false;
    try {
      for (const out of ev(e.l, input, path, s)) {
        if (!truthy(out[0])) continue;
        found = true;
        yield out;
      }
    } catch (err) {
      if (!(err instanceof JqError) || err instanceof JqBreak) throw err;
    }
    if (!found) yield* ev(e.r, input, path, s);
    return;
  }
  if (e.op === "and" || e.op === "or") {
    for (const l of values(e.l, input, s)) {
      if (e.op === "and" ? !truthy(l) : truthy(l)) yield [e.op === "or", notPath(path, input)];
      else for (const r of values(e.r, input, s)) yield [truthy(r), notPath(path, input)];
    }
    return;
  }
  for (const r of values(e.r, input, s))
    for (const l of values(e.l, input, s)) yield [binop(e.op, l, r, s.charge), notPath(path, input)];
}

// Destructuring. Bindings come out in the order they apply (a later one wins): array elements in
// order, object entries last to first (so `{a: $x, b: $x}` binds .a), `$name` after its pattern.
type Bindings = [string, unknown][];

function* destructure(p: Pattern, v: unknown, s: Scope): Generator<Bindings> {
  if (p.t === "var") yield [[p.name, v]];
  else if (p.t === "array") yield* arrayBindings(p.items, 0, v, s);
  else yield* objectBindings(p.entries, 0, v, s);
}

function* arrayBindings(items: Pattern[], i: number, v: unknown, s: Scope): Generator<Bindings> {
  if (i === items.length) {
    yield [];
    return;
  }
  for (const own of destructure(items[i], jvGet(v, i), s))
    for (const rest of arrayBindings(items, i + 1, v, s)) yield [...own, ...rest];
}

type ObjectEntry = Extract<Pattern, { t: "object" }>["entries"][number];

function* objectBindings(entries: ObjectEntry[], i: number, v: unknown, s: Scope): Generator<Bindings> {
  if (i === entries.length) {
    yield [];
    return;
  }
  const entry = entries[i];
  for (const k of values(entry.key, v, s)) {
    const x = jvGet(v, k);
    const named: Bindings = entry.bind ? [[entry.bind, x]] : [];
    for (const own of entry.value ? destructure(entry.value, x, s) : [[]])
      for (const rest of objectBindings(entries, i + 1, v, s)) yield [...rest, ...own, ...named];
  }
}

function patternVars(p: Pattern, into: Set<string>): Set<string> {
  if (p.t === "var") into.add(p.name);
  else if (p.t === "array") for (const item of p.items) patternVars(item, into);
  else
    for (const e of p.entries) {
      if (e.bind) into.add(e.bind);
      if (e.value) patternVars(e.value, into);
    }
  return into;
}

function bindAll(env: Env, bindings: [string, unknown][]): Env {
  let out = env;
  for (const [name, value] of bindings) out = { k: "var", name, value, up: out };
  return out;
}

/**
 * `… as P1 ?// P2 | body`: with alternatives, every variable of every pattern starts as null and an
 * error (in destructuring or in the body) moves on to the next pattern; the last one's error stands.
 */
function* bindBody(patterns: Pattern[], v: unknown, body: J, input: unknown, path: Tracked, s: Scope): Generator<Out> {
  let base = s.env;
  if (patterns.length > 1) {
    const names = new Set<string>();
    for (const p of patterns) patternVars(p, names);
    base = bindAll(
      base,
      [...names].map((n) => [n, null] as [string, unknown]),
    );
  }
  for (let i = 0; i < patterns.length; i++) {
    try {
      for (const b of destructure(patterns[i], v, s)) yield* ev(body, input, path, { ...s, env: bindAll(base, b) });
      return;
    } catch (err) {
      if (!(err instanceof JqError) || err instanceof JqBreak || i === patterns.length - 1) throw err;
    }
  }
}

/** The environments an item binds, for reduce and foreach (alternatives only on destructuring errors). */
function* bindings(patterns: Pattern[], v: unknown, s: Scope): Generator<Env> {
  for (let i = 0; i < patterns.length; i++) {
    try {
      const all = [...destructure(patterns[i], v, s)];
      for (const b of all) yield bindAll(s.env, b);
      return;
    } catch (err) {
      if (!(err instanceof JqError) || i === patterns.length - 1) throw err;
    }
  }
}

/**
 * reduce and foreach, as jq 1.6 runs them: one fold per output of the initial value; an update
 * with several outputs keeps the last (reduce) or emits each (foreach); none leaves null.
 */
function* fold(e: Extract<J, { t: "reduce" | "foreach" }>, input: unknown, path: Tracked, s: Scope): Generator<Out> {
  for (const init of values(e.init, input, s)) {
    let state = init;
    // Tracked, the source walks the input (path() reports its errors); what foreach emits counts
    // as the current item's path when it is that very item (jq's `foreach .[] as $x (…; …; $x)`).
    for (const [item, t] of ev(e.source, input, path, s)) {
      const at = pathOf(item, t);
      const tracked = at ? { at, value: item } : notPath(path, input);
      for (const env of bindings(e.patterns, item, s)) {
        const inner = { ...s, env };
        const prev = state;
        state = null;
        for (const u of values(e.update, prev, inner)) {
          state = u;
          if (e.t === "reduce") continue;
          if (e.extract) for (const x of values(e.extract, u, inner)) yield [x, tracked];
          else yield [u, tracked];
        }
      }
    }
    if (e.t === "reduce") yield [state, notPath(path, input)];
  }
}

function define(env: Env, def: FuncDef): Env {
  const node: Env = { k: "fn", key: `${def.name}/${def.params.length}`, fn: { ...def, env: ROOT }, up: env };
  node.fn.env = node;
  return node;
}

/** A call: user functions and filter arguments first, then builtins (TypeScript, then jq). */
export function* call(name: string, args: J[], input: unknown, path: Tracked, s: Scope): Generator<Out> {
  const key = `${name}/${args.length}`;
  const fn = lookupFn(s.env, key);
  if (fn) {
    yield* invoke(fn, args, 0, fn.env, input, path, s);
    return;
  }
  const native = NATIVES.get(key);
  if (native) {
    if ("path" in native) yield* native.path(args, input, path, s);
    else for (const v of native.value(args, input, s)) yield [v, notPath(path, input)];
    return;
  }
  const jq = preludeFn(key);
  if (!jq) throw new FilterError(`jq function ${key} is not supported`);
  yield* invoke(jq, args, 0, jq.env, input, path, s);
}

/** Binds `fn`'s parameters: a filter as a closure over the caller, `$v` once per output (first varying slowest). */
function* invoke(fn: Closure, args: J[], i: number, env: Env, input: unknown, path: Tracked, s: Scope): Generator<Out> {
  if (i === fn.params.length) {
    yield* ev(fn.body, input, path, { ...s, env });
    return;
  }
  const param = fn.params[i];
  if (!param.startsWith("$")) {
    const closure: Closure = { params: [], body: args[i], env: s.env };
    yield* invoke(fn, args, i + 1, { k: "fn", key: `${param}/0`, fn: closure, up: env }, input, path, s);
    return;
  }
  const name = param.slice(1);
  for (const v of values(args[i], input, s)) {
    const asFilter: Closure = { params: [], body: { t: "lit", v }, env: ROOT };
    const bound: Env = { k: "fn", key: `${name}/0`, fn: asFilter, up: { k: "var", name, value: v, up: env } };
    yield* invoke(fn, args, i + 1, bound, input, path, s);
  }
}
