import { isList } from "../values";
import { cartesian } from "./args";
import type { J } from "./ast";
import type { Scope } from "./env";
import { plus } from "./ops";
import { compile, matches, matchObjects } from "./regex";
import { type ValueFn, valueFn } from "./registry";
import { values } from "./run";
import { codePoints, JqError, obj, text, typeError, typeOf } from "./values";

// test, match, capture, scan, split/2, splits, sub and gsub, as jq 1.6 defines them on top of
// _match_impl, and jackson-jq's _sub_impl (which keeps jq 1.6's order of outputs).

function subject(input: unknown): string {
  if (typeof input !== "string") throw typeError(input, "cannot be matched, as it is not a string");
  return input;
}

// _match_impl(re; flags; test): the last argument varies slowest.
valueFn("_match_impl/3", function* (args, input, s) {
  const str = subject(input);
  for (const [re, flags, test] of cartesian(args, input, s)) {
    const r = compile(re, flags);
    yield test === true ? matches(str, { ...r, global: false }).length > 0 : matchObjects(str, r);
  }
});

/** `re` and `flags` for the one-argument forms: a string, or `[re, flags]`. */
function splitVal(val: unknown): [unknown, unknown] {
  if (typeof val === "string") return [val, null];
  if (isList(val) && val.length > 1) return [val[0], val[1]];
  if (isList(val) && val.length > 0) return [val[0], null];
  throw new JqError(`${typeOf(val)} not a string or array`);
}

function* regexArgs(args: J[], input: unknown, s: Scope): Generator<[unknown, unknown]> {
  if (args.length === 1) for (const v of values(args[0], input, s)) yield splitVal(v);
  else for (const [re, flags] of cartesian(args, input, s)) yield [re, flags];
}

valueFn(["test/1", "test/2"], function* (args, input, s) {
  const str = subject(input);
  for (const [re, flags] of regexArgs(args, input, s))
    yield matches(str, { ...compile(re, flags), global: false }).length > 0;
});

valueFn(["match/1", "match/2"], function* (args, input, s) {
  const str = subject(input);
  for (const [re, flags] of regexArgs(args, input, s)) yield* matchObjects(str, compile(re, flags));
});

/** `{name: string}` for the named captures of a match object. */
function captureObject(m: Record<string, unknown>): Record<string, unknown> {
  const out = obj([]);
  for (const c of m.captures as Record<string, unknown>[]) if (c.name !== null) out[c.name as string] = c.string;
  return out;
}

valueFn(["capture/1", "capture/2"], function* (args, input, s) {
  const str = subject(input);
  for (const [re, flags] of regexArgs(args, input, s))
    for (const m of matchObjects(str, compile(re, flags))) yield captureObject(m);
});

// scan(re) is `match(re; "g")`: the whole match, or the list of its groups when it has some.
valueFn(["scan/1", "scan/2"], function* (args, input, s) {
  const str = subject(input);
  const flagArgs = args.length === 2 ? values(args[1], input, s) : [""];
  for (const flags of flagArgs)
    for (const re of values(args[0], input, s)) {
      const all = matchObjects(str, compile(re, plus(flags, "g")));
      for (const m of all) {
        const caps = m.captures as Record<string, unknown>[];
        yield caps.length ? caps.map((c) => c.string) : m.string;
      }
    }
});

/** The pieces between the matches (jq 1.6's splits: `$re` varies slowest). */
function* splits(args: J[], input: unknown, s: Scope): Generator<string[]> {
  const str = subject(input);
  for (const re of values(args[0], input, s))
    for (const flags of args.length === 2 ? values(args[1], input, s) : [null]) {
      const chars = codePoints(str);
      const bounds = [0];
      for (const m of matchObjects(str, compile(re, plus("g", flags))))
        bounds.push(m.offset as number, (m.offset as number) + (m.length as number));
      bounds.push(chars.length);
      const pieces: string[] = [];
      for (let i = 0; i < bounds.length; i += 2) pieces.push(chars.slice(bounds[i], bounds[i + 1]).join(""));
      yield pieces;
    }
}
valueFn(["splits/1", "splits/2"], function* (args, input, s) {
  for (const pieces of splits(args, input, s)) yield* pieces;
});
valueFn("split/2", (args, input, s) => splits(args, input, s));

/**
 * jackson-jq's _sub_impl($re; s; flags): for each flags output, the input with every match (one
 * without "g") replaced by `s` run on the match's named captures; several outputs of `s` give
 * every combination, the first match varying fastest. jq 1.6 evaluates flags twice, so each
 * result comes once per flags output; jackson-jq keeps that and so do we.
 */
function subImpl(reArg: J, replacement: J, flagsArg: J): ValueFn {
  return function* (_args, input, s) {
    const str = subject(input);
    for (const re of values(reArg, input, s))
      for (const flags of values(flagsArg, input, s)) {
        const r = compile(re, flags);
        const found = matches(str, r);
        const objects = matchObjects(str, r, found);
        for (const _ of values(flagsArg, input, s)) yield* replaceAll(str, found, objects, replacement, s);
      }
  };
}

function* replaceAll(
  str: string,
  found: { start: number; end: number }[],
  objects: Record<string, unknown>[],
  replacement: J,
  s: Scope,
): Generator<string> {
  function* from(n: number): Generator<string> {
    // The text up to the end of match n - 1 (last match outermost, so the first varies fastest).
    if (n === 0) {
      yield "";
      return;
    }
    const before = n > 1 ? found[n - 2].end : 0;
    for (const r of values(replacement, captureObject(objects[n - 1]), s)) {
      const piece = str.slice(before, found[n - 1].start) + text(r);
      for (const head of from(n - 1)) yield head + piece;
    }
  }
  const tail = str.slice(found.length ? found[found.length - 1].end : 0);
  for (const head of from(found.length)) yield head + tail;
}

const lit = (v: unknown): J => ({ t: "lit", v });
const withG = (flags: J): J => ({ t: "bin", op: "+", l: flags, r: lit("g") });

valueFn("_sub_impl/3", (args, input, s) => subImpl(args[0], args[1], args[2])(args, input, s));
valueFn("sub/2", (args, input, s) => subImpl(args[0], args[1], lit(""))(args, input, s));
valueFn("sub/3", (args, input, s) => subImpl(args[0], args[1], args[2])(args, input, s));
valueFn("gsub/2", (args, input, s) => subImpl(args[0], args[1], lit("g"))(args, input, s));
valueFn("gsub/3", (args, input, s) => subImpl(args[0], args[1], withG(args[2]))(args, input, s));
