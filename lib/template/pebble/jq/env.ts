import { FilterError } from "../errors";
import type { J } from "./ast";
import type { Path } from "./values";

/**
 * A value that did not come from walking the input (a literal, `$x`, `. + 1`). Walking on from it,
 * or ending path(f) with it, is an "Invalid path expression" error, unless it is the very value at
 * the last path (jq compares them with jv_identical: `1 | path(1)` is `[]`).
 */
export interface Detached {
  at: Path;
  value: unknown;
}

/** Path tracking, as jq's path(f) needs it: `undefined` when only values matter. */
export type Tracked = Path | Detached | undefined;

/** An output: the value and, when tracking, where it came from. */
export type Out = [unknown, Tracked];

/** A function, user-defined or a filter argument (a closure over the caller's scope). */
export interface Closure {
  params: string[];
  body: J;
  env: Env;
}

/** Bindings, innermost first: variables, functions (`name/arity`) and labels. */
export type Env =
  | { k: "root" }
  | { k: "var"; name: string; value: unknown; up: Env }
  | { k: "fn"; key: string; fn: Closure; up: Env }
  | { k: "label"; name: string; id: object; up: Env };

export const ROOT: Env = { k: "root" };

/** What an evaluation carries: the bindings in scope and the template's budget. */
export interface Scope {
  env: Env;
  charge: (n: number) => void;
}

export function lookupVar(env: Env, name: string): unknown {
  for (let e = env; e.k !== "root"; e = e.up) if (e.k === "var" && e.name === name) return e.value;
  throw new FilterError(`$${name} is not defined`);
}

export function lookupFn(env: Env, key: string): Closure | undefined {
  for (let e = env; e.k !== "root"; e = e.up) if (e.k === "fn" && e.key === key) return e.fn;
  return undefined;
}

export function lookupLabel(env: Env, name: string): object {
  for (let e = env; e.k !== "root"; e = e.up) if (e.k === "label" && e.name === name) return e.id;
  throw new FilterError(`$*label-${name} is not defined`);
}

/** The tracking of a value computed from `input` (whose tracking is `t`) that is not a path. */
export const notPath = (t: Tracked, input: unknown): Tracked => (Array.isArray(t) ? { at: t, value: input } : t);

/** The path `v` is at: undefined when not tracking, null when it has none. */
export function pathOf(v: unknown, t: Tracked): Path | null | undefined {
  if (t === undefined || Array.isArray(t)) return t;
  return Object.is(v, t.value) ? t.at : null;
}
