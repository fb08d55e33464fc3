import { FilterError } from "../errors";
import { equals, isList, isMap, newMap, toJson } from "../values";
import type { J } from "./ast";
import { callBuiltin } from "./builtins";
import { JqError, index, jqCompare, truthy, typeOf, type JqContext } from "./values";

export type { JqContext } from "./values";

export function formatValue(name: string, v: unknown): string {
  const text = typeof v === "string" ? v : toJson(v);
  switch (name) {
    case "text":
      return text;
    case "json":
      return toJson(v);
    case "base64":
      return Buffer.from(text, "utf8").toString("base64");
    case "base64d":
      return Buffer.from(text, "base64").toString("utf8");
    case "uri":
      return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
    case "html":
      return text.replace(
        /[<>&'"]/g,
        (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", "'": "&#39;", '"': "&quot;" })[c]!,
      );
    case "sh":
      return (isList(v) ? v : [v])
        .map((x) => `'${String(typeof x === "string" ? x : toJson(x)).replace(/'/g, "'\\''")}'`)
        .join(" ");
    case "csv":
    case "tsv":
      if (!isList(v)) throw new JqError(`${typeOf(v)} cannot be ${name}-formatted, only an array can be`);
      return v
        .map((x) =>
          typeof x === "string" ? (name === "csv" ? `"${x.replace(/"/g, '""')}"` : x.replace(/\t/g, "\\t")) : toJson(x),
        )
        .join(name === "csv" ? "," : "\t");
    default:
      throw new FilterError(`${name} is not a valid format`);
  }
}

/** Every output of `e` on `input`, lazily. */
export function* run(e: J, input: unknown, ctx: JqContext): Generator<unknown> {
  ctx.charge(1);
  switch (e.t) {
    case "identity":
      yield input;
      return;
    case "recurse": {
      const stack = [input];
      while (stack.length) {
        const v = stack.pop();
        ctx.charge(1);
        yield v;
        if (isList(v)) stack.push(...[...v].reverse());
        else if (isMap(v)) stack.push(...Object.values(v).reverse());
      }
      return;
    }
    case "lit":
      yield e.v;
      return;
    case "var":
      if (e.name === "__loc__") {
        yield Object.assign(newMap(), { file: "<stdin>", line: 1 });
        return;
      }
      if (!ctx.env.has(e.name)) throw new FilterError(`$${e.name} is not defined`);
      yield ctx.env.get(e.name);
      return;
    case "format":
      yield formatValue(e.name, input);
      return;
    case "str":
      yield* interpolate(e.parts, input, ctx, e.format);
      return;
    case "index":
      for (const key of run(e.key, input, ctx)) for (const obj of run(e.of, input, ctx)) yield index(obj, key);
      return;
    case "slice":
      for (const obj of run(e.of, input, ctx)) {
        const from = e.from ? (run(e.from, input, ctx).next().value as number | null) : null;
        const to = e.to ? (run(e.to, input, ctx).next().value as number | null) : null;
        if (obj === null) yield null;
        else if (isList(obj) || typeof obj === "string") yield obj.slice(from ?? 0, to ?? undefined);
        else throw new JqError(`Cannot index ${typeOf(obj)} with object`);
      }
      return;
    case "iterate":
      for (const obj of run(e.of, input, ctx)) {
        if (isList(obj)) yield* obj;
        else if (isMap(obj)) yield* Object.values(obj);
        else throw new JqError(`Cannot iterate over ${typeOf(obj)}`);
      }
      return;
    case "try":
      try {
        for (const v of run(e.body, input, ctx)) yield v;
      } catch (err) {
        if (!(err instanceof JqError)) throw err;
        if (e.handler) yield* run(e.handler, err.message, ctx);
      }
      return;
    case "pipe":
      for (const v of run(e.l, input, ctx)) yield* run(e.r, v, ctx);
      return;
    case "comma":
      yield* run(e.l, input, ctx);
      yield* run(e.r, input, ctx);
      return;
    case "bind":
      for (const v of run(e.source, input, ctx))
        yield* run(e.body, input, { ...ctx, env: new Map(ctx.env).set(e.name, v) });
      return;
    case "reduce":
      for (let acc of run(e.init, input, ctx)) {
        for (const item of run(e.source, input, ctx)) {
          const env = new Map(ctx.env).set(e.name, item);
          let last: unknown = null;
          for (const v of run(e.update, acc, { ...ctx, env })) last = v;
          acc = last;
        }
        yield acc;
      }
      return;
    case "if":
      yield* runIf(e.branches, e.otherwise, input, ctx);
      return;
    case "neg":
      for (const v of run(e.of, input, ctx)) {
        if (typeof v !== "number") throw new JqError(`${typeOf(v)} cannot be negated`);
        yield -v;
      }
      return;
    case "array": {
      const items = e.body ? [...run(e.body, input, ctx)] : [];
      ctx.charge(items.length);
      yield items;
      return;
    }
    case "object":
      yield* object(e.entries, input, ctx);
      return;
    case "bin":
      yield* binary(e, input, ctx);
      return;
    case "call":
      yield* callBuiltin(e.name, e.args, input, ctx);
      return;
  }
}

function* interpolate(parts: (string | J)[], input: unknown, ctx: JqContext, format?: string): Generator<string> {
  if (parts.length === 0) {
    yield "";
    return;
  }
  const [first, ...rest] = parts;
  const heads =
    typeof first === "string"
      ? [first]
      : [...run(first, input, ctx)].map((v) =>
          format ? formatValue(format, v) : typeof v === "string" ? v : toJson(v),
        );
  for (const head of heads) for (const tail of interpolate(rest, input, ctx, format)) yield head + tail;
}

function* runIf(
  branches: { cond: J; then: J }[],
  otherwise: J | undefined,
  input: unknown,
  ctx: JqContext,
): Generator<unknown> {
  if (branches.length === 0) {
    yield* otherwise ? run(otherwise, input, ctx) : [input];
    return;
  }
  const [first, ...rest] = branches;
  for (const c of run(first.cond, input, ctx)) {
    if (truthy(c)) yield* run(first.then, input, ctx);
    else yield* runIf(rest, otherwise, input, ctx);
  }
}

function* object(entries: { key: J; value?: J }[], input: unknown, ctx: JqContext): Generator<Record<string, unknown>> {
  let results: Record<string, unknown>[] = [newMap()];
  for (const entry of entries) {
    const next: Record<string, unknown>[] = [];
    for (const partial of results) {
      for (const k of run(entry.key, input, ctx)) {
        if (typeof k !== "string") throw new JqError(`Object keys must be strings`);
        const values = entry.value ? run(entry.value, input, ctx) : [index(input, k)];
        for (const v of values) next.push(Object.assign(newMap(), partial, { [k]: v }));
      }
    }
    ctx.charge(next.length);
    results = next;
  }
  yield* results;
}

function* binary(e: Extract<J, { t: "bin" }>, input: unknown, ctx: JqContext): Generator<unknown> {
  if (e.op === "//") {
    let any = false;
    try {
      for (const v of run(e.l, input, ctx)) {
        if (truthy(v)) {
          any = true;
          yield v;
        }
      }
    } catch (err) {
      if (!(err instanceof JqError)) throw err;
    }
    if (!any) yield* run(e.r, input, ctx);
    return;
  }
  if (e.op === "and" || e.op === "or") {
    for (const l of run(e.l, input, ctx)) {
      if (e.op === "and" ? !truthy(l) : truthy(l)) yield e.op === "or";
      else for (const r of run(e.r, input, ctx)) yield truthy(r);
    }
    return;
  }
  for (const r of run(e.r, input, ctx)) {
    for (const l of run(e.l, input, ctx)) {
      switch (e.op) {
        case "==":
          yield equals(l, r);
          break;
        case "!=":
          yield !equals(l, r);
          break;
        case "<":
          yield jqCompare(l, r) < 0;
          break;
        case "<=":
          yield jqCompare(l, r) <= 0;
          break;
        case ">":
          yield jqCompare(l, r) > 0;
          break;
        case ">=":
          yield jqCompare(l, r) >= 0;
          break;
        default:
          yield arith(e.op, l, r);
      }
    }
  }
}

export function arith(op: string, l: unknown, r: unknown): unknown {
  if (op === "+") {
    if (l === null) return r;
    if (r === null) return l;
    if (typeof l === "number" && typeof r === "number") return l + r;
    if (typeof l === "string" && typeof r === "string") return l + r;
    if (isList(l) && isList(r)) return [...l, ...r];
    if (isMap(l) && isMap(r)) return Object.assign(newMap(), l, r);
  } else if (typeof l === "number" && typeof r === "number") {
    if (op === "-") return l - r;
    if (op === "*") return l * r;
    if (op === "/") {
      if (r === 0) throw new JqError(`${l} and ${r} cannot be divided because the divisor is zero`);
      return l / r;
    }
    if (op === "%") {
      if (Math.trunc(r) === 0) throw new JqError(`${l} and ${r} cannot be divided because the divisor is zero`);
      return Math.trunc(l) % Math.trunc(r);
    }
  } else if (op === "-" && isList(l) && isList(r)) return l.filter((x) => !r.some((y) => equals(x, y)));
  else if (op === "/" && typeof l === "string" && typeof r === "string") return l.split(r);
  else if (op === "*" && isMap(l) && isMap(r)) return deepMerge(l, r);
  throw new JqError(`${typeOf(l)} and ${typeOf(r)} cannot be combined with ${op}`);
}

function deepMerge(a: Record<string, unknown>, b: Record<string, unknown>): Record<string, unknown> {
  const out = Object.assign(newMap(), a);
  for (const [k, v] of Object.entries(b))
    out[k] = isMap(out[k]) && isMap(v) ? deepMerge(out[k] as Record<string, unknown>, v) : v;
  return out;
}
