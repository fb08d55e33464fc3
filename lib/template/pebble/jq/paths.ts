import { isList, isMap, newMap } from "../values";
import { chargeCopy, codePoints, JqError, jqCompare, jqEqual, type Path, typeOf } from "./values";

type Charge = ((n: number) => void) | undefined;

// Reading and writing values at paths, as jq 1.6's jv_get, jv_set, jv_getpath, jv_setpath and
// jv_delpaths do (src/jv_aux.c), with their error messages.

/** `{start, end}` of a slice against a length, clamped; null when a bound is not a number. */
export function sliceBounds(key: Record<string, unknown>, len: number): [number, number] | null {
  const s = key.start ?? 0;
  const e = key.end ?? len;
  if (typeof s !== "number" || typeof e !== "number") return null;
  let start = s < 0 ? s + len : s;
  const dend = e < 0 ? e + len : e;
  start = Math.trunc(Math.min(Math.max(start, 0), len));
  let end = dend > len ? len : Math.trunc(dend);
  // Ends are exclusive, but `.[:1.5]` reaches index 1.
  if (end < dend) end += 1;
  end = Math.max(Math.min(end, len), start);
  return [start, end];
}

export const sliceKey = (start: unknown, end: unknown) => Object.assign(newMap(), { start, end });

/** Where the array `needle` occurs in `hay` (jq's `.[[1,2]]`). */
export function arrayIndexes(hay: unknown[], needle: unknown[]): number[] {
  const out: number[] = [];
  if (needle.length === 0) return out;
  for (let i = 0; i + needle.length <= hay.length; i++) if (needle.every((x, j) => jqEqual(hay[i + j], x))) out.push(i);
  return out;
}

/** `.[k]` on `t`. */
export function jvGet(t: unknown, k: unknown): unknown {
  if (isMap(t) && typeof k === "string") return Object.hasOwn(t, k) ? t[k] : null;
  if (isList(t) && typeof k === "number") {
    if (!Number.isInteger(k)) return null;
    return t[k < 0 ? t.length + k : k] ?? null;
  }
  if ((isList(t) || typeof t === "string") && isMap(k)) {
    const chars = typeof t === "string" ? codePoints(t) : t;
    const b = sliceBounds(k, chars.length);
    if (!b) throw new JqError(`Start and end indices of an ${typeOf(t)} slice must be numbers`);
    return typeof t === "string" ? chars.slice(b[0], b[1]).join("") : chars.slice(b[0], b[1]);
  }
  if (isList(t) && isList(k)) return arrayIndexes(t, k);
  if (t === null && (typeof k === "string" || typeof k === "number" || isMap(k))) return null;
  if (typeof k === "string" && Buffer.byteLength(k) < 30)
    throw new JqError(`Cannot index ${typeOf(t)} with string "${k}"`);
  throw new JqError(`Cannot index ${typeOf(t)} with ${typeOf(k)}`);
}

/** Containers this update made itself, so later writes may change them in place. */
export type Owned = Set<object>;

function copyOf<T extends object>(v: T, owned: Owned | undefined, charge: Charge): T {
  if (owned?.has(v)) return v;
  const c = (isList(v) ? [...v] : Object.assign(newMap(), v)) as T;
  chargeCopy(charge, c);
  owned?.add(c);
  return c;
}

/** `t` with `.[k]` set to `v`: a copy, unless `owned` says this update made `t`. */
function jvSet(t: unknown, k: unknown, v: unknown, owned?: Owned, charge?: Charge): unknown {
  if (typeof k === "string" && (isMap(t) || t === null)) {
    const o = copyOf((t ?? newMap()) as Record<string, unknown>, owned, charge);
    o[k] = v;
    return o;
  }
  if (typeof k === "number" && (isList(t) || t === null)) {
    const a = copyOf((t ?? []) as unknown[], owned, charge);
    let i = Math.trunc(k);
    if (i < 0) i += a.length;
    if (i < 0) throw new JqError("Out of bounds negative array index");
    if (i >= a.length) {
      charge?.(i - a.length + 1);
      for (let j = a.length; j < i; j++) a.push(null);
    }
    a[i] = v;
    return a;
  }
  if (isMap(k) && (isList(t) || t === null)) {
    const a = (t ?? []) as unknown[];
    const b = sliceBounds(k, a.length);
    if (!b) throw new JqError("Start and end indices of an array slice must be numbers");
    if (!isList(v)) throw new JqError("A slice of an array can only be assigned another array");
    chargeCopy(charge, a, v);
    return [...a.slice(0, b[0]), ...v, ...a.slice(b[1])];
  }
  throw new JqError(`Cannot update field at ${typeOf(k)} index of ${typeOf(t)}`);
}

function pathArray(p: unknown): unknown[] {
  if (!isList(p)) throw new JqError("Path must be specified as an array");
  return p;
}

export function getpath(root: unknown, p: unknown): unknown {
  let v = root;
  for (const k of pathArray(p)) v = jvGet(v, k);
  return v;
}

export function setpath(root: unknown, p: unknown, v: unknown, owned?: Owned, charge?: Charge): unknown {
  const path = pathArray(p);
  const set = (t: unknown, i: number): unknown =>
    i === path.length ? v : jvSet(t, path[i], set(jvGet(t, path[i]), i + 1), owned, charge);
  return set(root, 0);
}

/** `t` without the keys (indices, slices) in `keys`, all taken against `t` as it is. */
function dels(t: unknown, keys: unknown[], charge: Charge): unknown {
  if (t === null || keys.length === 0) return t;
  chargeCopy(charge, t);
  if (isList(t)) {
    const gone = new Set<number>();
    for (const k of keys) {
      if (typeof k === "number") gone.add(k < 0 ? t.length + Math.trunc(k) : Math.trunc(k));
      else if (isMap(k)) {
        const b = sliceBounds(k, t.length);
        if (!b) throw new JqError("Start and end indices of an array slice must be numbers");
        for (let i = b[0]; i < b[1]; i++) gone.add(i);
      } else throw new JqError(`Cannot delete ${typeOf(k)} element of array`);
    }
    return t.filter((_v, i) => !gone.has(i));
  }
  if (isMap(t)) {
    const o = Object.assign(newMap(), t);
    for (const k of keys) {
      if (typeof k !== "string") throw new JqError(`Cannot delete ${typeOf(k)} field of object`);
      delete o[k];
    }
    return o;
  }
  throw new JqError(`Cannot delete fields from ${typeOf(t)}`);
}

// jq's delpaths_sorted: groups the (sorted) paths by their key at `depth`.
function delSorted(t: unknown, paths: Path[], depth: number, charge: Charge): unknown {
  const whole: unknown[] = [];
  let out = t;
  for (let i = 0; i < paths.length; ) {
    const key = paths[i][depth];
    let j = i;
    while (j < paths.length && jqEqual(paths[j][depth], key)) j++;
    if (paths[i].length === depth + 1) whole.push(key);
    else {
      const sub = jvGet(out, key);
      if (sub !== null) out = jvSet(out, key, delSorted(sub, paths.slice(i, j), depth + 1, charge), undefined, charge);
    }
    i = j;
  }
  return dels(out, whole, charge);
}

export function delpaths(root: unknown, ps: unknown, charge?: Charge): unknown {
  if (!isList(ps)) throw new JqError("Paths must be specified as an array");
  for (const p of ps) if (!isList(p)) throw new JqError(`Path must be specified as array, not ${typeOf(p)}`);
  const paths = [...(ps as Path[])].sort(jqCompare);
  if (paths.length === 0) return root;
  if (paths[0].length === 0) return null;
  return delSorted(root, paths, 0, charge);
}
