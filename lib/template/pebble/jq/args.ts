import type { J } from "./ast";
import type { Scope } from "./env";
import { type ValueFn, valueFn } from "./registry";
import { values } from "./run";

/** Every combination of the arguments' outputs, the last argument varying slowest (jq 1.6 calls C builtins so). */
export function* cartesian(
  args: J[],
  input: unknown,
  s: Scope,
  i = args.length - 1,
  tail: unknown[] = [],
): Generator<unknown[]> {
  if (i < 0) {
    yield tail;
    return;
  }
  for (const v of values(args[i], input, s)) yield* cartesian(args, input, s, i - 1, [v, ...tail]);
}

/** The same, the first argument varying slowest (jq-defined builtins with `$` parameters). */
export function* cartesianFirst(
  args: J[],
  input: unknown,
  s: Scope,
  i = 0,
  head: unknown[] = [],
): Generator<unknown[]> {
  if (i === args.length) {
    yield head;
    return;
  }
  for (const v of values(args[i], input, s)) yield* cartesianFirst(args, input, s, i + 1, [...head, v]);
}

/** A builtin with value arguments: one output per combination of them. */
export function simple(keys: string | string[], f: (input: unknown, ...args: unknown[]) => unknown): void {
  const fn: ValueFn = function* (args, input, s) {
    for (const a of cartesian(args, input, s)) yield f(input, ...a);
  };
  valueFn(keys, fn);
}

/** The first output of a generator (closing it), or `none`. */
export function firstOf<T, U>(gen: Iterable<T>, none: U): T | U {
  for (const v of gen) return v;
  return none;
}
