import type { J } from "./ast";
import type { Closure, Out, Scope, Tracked } from "./env";
import { ROOT } from "./env";
import { JqParser } from "./parse";

/** A builtin that only produces values (they are not paths into the input). */
export type ValueFn = (args: J[], input: unknown, s: Scope) => Iterable<unknown>;

/** A builtin that can be part of a path expression (`select`, `recurse`, `getpath`, `first(f)`, …). */
export type PathFn = (args: J[], input: unknown, path: Tracked, s: Scope) => Iterable<Out>;

type Native = { value: ValueFn } | { path: PathFn };

/** Builtins written in TypeScript, by `name/arity`. */
export const NATIVES = new Map<string, Native>();

export function valueFn(keys: string | string[], fn: ValueFn): void {
  for (const key of typeof keys === "string" ? [keys] : keys) NATIVES.set(key, { value: fn });
}

export function pathFn(keys: string | string[], fn: PathFn): void {
  for (const key of typeof keys === "string" ? [keys] : keys) NATIVES.set(key, { path: fn });
}

const PRELUDE_SOURCES: string[] = [];
let prelude: Map<string, Closure> | undefined;

/** Builtins written in jq (`def f: …;` lines), parsed on first use. */
export function definePrelude(src: string): void {
  PRELUDE_SOURCES.push(src);
  prelude = undefined;
}

export function preludeFn(key: string): Closure | undefined {
  if (!prelude) {
    prelude = new Map();
    let e = new JqParser(`${PRELUDE_SOURCES.join("\n")} .`).parseProgram();
    while (e.t === "def") {
      prelude.set(`${e.def.name}/${e.def.params.length}`, { params: e.def.params, body: e.def.body, env: ROOT });
      e = e.body;
    }
  }
  return prelude.get(key);
}
