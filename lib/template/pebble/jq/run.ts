import { FilterError } from "../errors";
import { equals, isList, isMap, naturalCompare, newMap, toJson } from "../values";
import type { J } from "./parse";

function typeOf(v: unknown): string {
  if (v === null) return "null";
  if (isList(v)) return "array";
  if (isMap(v)) return "object";
  return typeof v;
}

function truthy(v: unknown): boolean {
  return v !== null && v !== false;
}

function jqCompare(a: unknown, b: unknown): number {
  const order = ["null", "boolean", "number", "string", "array", "object"];
  const ta = order.indexOf(typeOf(a));
  const tb = order.indexOf(typeOf(b));
  if (ta !== tb) return ta - tb;
  if (isList(a) || isMap(a)) return toJson(a) < toJson(b) ? -1 : toJson(a) > toJson(b) ? 1 : 0;
  return a === b ? 0 : naturalCompare(a, b);
}

/** Every output of `e` on `input`, lazily; `charge` counts work against the template budget. */
export function* run(e: J, input: unknown, charge: (n: number) => void): Generator<unknown> {
  charge(1);
  switch (e.t) {
    case "identity":
      yield input;
      return;
    case "recurse": {
      const stack = [input];
      while (stack.length) {
        const v = stack.shift();
        charge(1);
        yield v;
        if (isList(v)) stack.unshift(...v);
        else if (isMap(v)) stack.unshift(...Object.values(v));
      }
      return;
    }
    case "lit":
      yield e.v;
      return;
    case "index":
      for (const obj of run(e.of, input, charge)) {
        for (const key of run(e.key, input, charge)) {
          if (obj === null) yield null;
          else if (isMap(obj) && typeof key === "string") yield Object.prototype.hasOwnProperty.call(obj, key) ? obj[key] : null;
          else if (isList(obj) && typeof key === "number") yield obj[key < 0 ? obj.length + key : key] ?? null;
          else if (!e.optional) throw new FilterError(`Cannot index ${typeOf(obj)} with ${typeOf(key)}`);
        }
      }
      return;
    case "slice":
      for (const obj of run(e.of, input, charge)) {
        const from = e.from ? (run(e.from, input, charge).next().value as number) : 0;
        const to = e.to ? (run(e.to, input, charge).next().value as number) : undefined;
        if (obj === null) yield null;
        else if (isList(obj) || typeof obj === "string") yield obj.slice(from, to);
        else throw new FilterError(`Cannot slice ${typeOf(obj)}`);
      }
      return;
    case "iterate":
      for (const obj of run(e.of, input, charge)) {
        if (isList(obj)) yield* obj;
        else if (isMap(obj)) yield* Object.values(obj);
        else if (!e.optional) throw new FilterError(`Cannot iterate over ${typeOf(obj)}`);
      }
      return;
    case "pipe":
      for (const v of run(e.l, input, charge)) yield* run(e.r, v, charge);
      return;
    case "comma":
      yield* run(e.l, input, charge);
      yield* run(e.r, input, charge);
      return;
    case "array": {
      const items = e.body ? [...run(e.body, input, charge)] : [];
      charge(items.length);
      yield items;
      return;
    }
    case "object": {
      let results: Record<string, unknown>[] = [newMap()];
      for (const entry of e.entries) {
        const next: Record<string, unknown>[] = [];
        for (const partial of results) {
          for (const k of run(entry.key, input, charge)) {
            for (const v of run(entry.value, input, charge)) {
              const o = newMap();
              Object.assign(o, partial);
              o[String(k)] = v;
              next.push(o);
            }
          }
        }
        results = next;
      }
      yield* results;
      return;
    }
    case "bin":
      yield* binary(e, input, charge);
      return;
    case "call":
      yield* call(e, input, charge);
      return;
  }
}

function* binary(e: Extract<J, { t: "bin" }>, input: unknown, charge: (n: number) => void): Generator<unknown> {
  if (e.op === "//") {
    const left = [...run(e.l, input, charge)].filter(truthy);
    if (left.length) yield* left;
    else yield* run(e.r, input, charge);
    return;
  }
  for (const r of run(e.r, input, charge)) {
    for (const l of run(e.l, input, charge)) {
      switch (e.op) {
        case "and":
          yield truthy(l) && truthy(r);
          break;
        case "or":
          yield truthy(l) || truthy(r);
          break;
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

function arith(op: string, l: unknown, r: unknown): unknown {
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
    if (op === "/") return l / r;
    if (op === "%") return Math.trunc(l) % Math.trunc(r);
  } else if (op === "-" && isList(l) && isList(r)) return l.filter((x) => !r.some((y) => equals(x, y)));
  throw new FilterError(`${typeOf(l)} and ${typeOf(r)} cannot be combined with ${op}`);
}

function* call(e: Extract<J, { t: "call" }>, input: unknown, charge: (n: number) => void): Generator<unknown> {
  const arg = (i: number, v = input) => run(e.args[i], v, charge);
  switch (`${e.name}/${e.args.length}`) {
    case "empty/0":
      return;
    case "not/0":
      yield !truthy(input);
      return;
    case "select/1":
      for (const c of arg(0)) if (truthy(c)) yield input;
      return;
    case "map/1":
      if (!isList(input) && !isMap(input)) throw new FilterError(`Cannot iterate over ${typeOf(input)}`);
      yield (isList(input) ? input : Object.values(input)).flatMap((v) => [...arg(0, v)]);
      return;
    case "length/0":
      if (input === null) yield 0;
      else if (typeof input === "string" || isList(input)) yield input.length;
      else if (isMap(input)) yield Object.keys(input).length;
      else if (typeof input === "number") yield Math.abs(input);
      else throw new FilterError(`${typeOf(input)} has no length`);
      return;
    case "keys/0":
      if (isMap(input)) yield Object.keys(input).sort();
      else if (isList(input)) yield input.map((_v, i) => i);
      else throw new FilterError(`${typeOf(input)} has no keys`);
      return;
    case "values/0":
      if (input !== null) yield input;
      return;
    case "has/1":
      for (const k of arg(0)) yield isMap(input) ? Object.prototype.hasOwnProperty.call(input, String(k)) : isList(input) && typeof k === "number" && k >= 0 && k < input.length;
      return;
    case "add/0":
      if (!isList(input)) throw new FilterError(`Cannot add ${typeOf(input)}`);
      yield input.reduce((acc: unknown, v) => arith("+", acc, v), null);
      return;
    case "first/0":
      if (isList(input)) yield input[0] ?? null;
      return;
    case "last/0":
      if (isList(input)) yield input[input.length - 1] ?? null;
      return;
    case "first/1":
      for (const v of arg(0)) {
        yield v;
        return;
      }
      return;
    case "reverse/0":
      yield isList(input) ? [...input].reverse() : typeof input === "string" ? [...input].reverse().join("") : input;
      return;
    case "sort/0":
      yield [...asList(input)].sort(jqCompare);
      return;
    case "sort_by/1":
      yield [...asList(input)].map((v) => ({ v, k: [...arg(0, v)] })).sort((a, b) => jqCompare(a.k, b.k)).map((x) => x.v);
      return;
    case "unique/0":
      yield [...asList(input)].sort(jqCompare).filter((v, i, a) => i === 0 || !equals(v, a[i - 1]));
      return;
    case "min/0":
      yield asList(input).length ? [...asList(input)].sort(jqCompare)[0] : null;
      return;
    case "max/0":
      yield asList(input).length ? [...asList(input)].sort(jqCompare).at(-1) : null;
      return;
    case "tostring/0":
      yield typeof input === "string" ? input : toJson(input);
      return;
    case "tonumber/0":
      yield typeof input === "number" ? input : Number(input);
      return;
    case "type/0":
      yield typeOf(input);
      return;
    case "to_entries/0":
      if (!isMap(input)) throw new FilterError(`${typeOf(input)} has no keys`);
      yield Object.keys(input).map((key) => Object.assign(newMap(), { key, value: input[key] }));
      return;
    case "from_entries/0":
      yield asList(input).reduce((o: Record<string, unknown>, en) => {
        if (isMap(en)) o[String(en.key ?? en.name ?? en.k)] = en.value ?? en.v ?? null;
        return o;
      }, newMap());
      return;
    case "join/1":
      for (const sep of arg(0)) yield asList(input).map((v) => (v === null ? "" : typeof v === "string" ? v : toJson(v))).join(String(sep));
      return;
    case "ascii_downcase/0":
      yield String(input).toLowerCase();
      return;
    case "ascii_upcase/0":
      yield String(input).toUpperCase();
      return;
    case "tojson/0":
      yield toJson(input);
      return;
    case "fromjson/0":
      yield JSON.parse(String(input)) as unknown;
      return;
    default:
      throw new FilterError(`jq function ${e.name}/${e.args.length} is not supported`);
  }
}

function asList(v: unknown): unknown[] {
  if (!isList(v)) throw new FilterError(`Cannot iterate over ${typeOf(v)}`);
  return v;
}
