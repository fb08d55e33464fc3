import { newMap } from "../values";
import { cartesianFirst } from "./args";
import { items } from "./builtins";
import { unfold } from "./builtins-paths";
import { notPath, type Out, type Scope } from "./env";
import { plus } from "./ops";
import { definePrelude, pathFn, valueFn } from "./registry";
import { ev, values } from "./run";
import { dump, JqBreak, JqError, jqCompare, truthy, typeError } from "./values";

// Generators: range, limit, first/last/nth of a stream, until, while, repeat, isempty, map; and
// the builtins jq 1.6 defines in jq itself, kept in jq below.

function* numericRange(from: unknown, to: unknown, by: number, s: Scope): Generator<number> {
  if (typeof from !== "number" || typeof to !== "number") throw new JqError("Range bounds must be numeric");
  if (by === 0) return;
  for (let n = from; by > 0 ? n < to : n > to; n += by) {
    s.charge(1);
    yield n;
  }
}

valueFn("range/1", function* (args, input, s) {
  for (const to of values(args[0], input, s)) yield* numericRange(0, to, 1, s);
});
valueFn("range/2", function* (args, input, s) {
  for (const [from, to] of cartesianFirst(args, input, s)) yield* numericRange(from, to, 1, s);
});
// range/3 is jq-defined in 1.6: `by` may be any value `+` accepts (`range([]; [0,0,0]; [0])`).
valueFn("range/3", function* (args, input, s) {
  for (const [from, to, by] of cartesianFirst(args, input, s)) {
    if (typeof by === "number" && typeof from === "number") {
      yield* numericRange(from, to, by, s);
      continue;
    }
    const up = jqCompare(by, 0) > 0;
    const down = jqCompare(by, 0) < 0;
    for (let x = from; (up && jqCompare(x, to) < 0) || (down && jqCompare(x, to) > 0); x = plus(x, by)) {
      s.charge(1);
      yield x;
    }
  }
});

pathFn("first/1", function* (args, input, path, s) {
  for (const out of ev(args[0], input, path, s)) {
    yield out;
    return;
  }
});

// `last(f)` is `reduce f as $x (null; $x)`: null when f is empty.
pathFn("last/1", (args, input, path, s) => {
  let last: Out = [null, notPath(path, input)];
  for (const out of ev(args[0], input, path, s)) last = out;
  return [last];
});

/** The first n outputs; all of them when n is negative (jackson-jq: none when n is 0). */
function* limit(n: unknown, f: Iterable<Out>): Generator<Out> {
  if (typeof n !== "number") throw typeError(n, "number required");
  if (n < 0) {
    yield* f;
    return;
  }
  let left = n;
  if (left <= 0) return;
  for (const out of f) {
    yield out;
    if (--left <= 0) return;
  }
}

pathFn("limit/2", function* (args, input, path, s) {
  for (const n of values(args[0], input, s)) yield* limit(n, ev(args[1], input, path, s));
});
pathFn("nth/2", function* (args, input, path, s) {
  for (const n of values(args[0], input, s)) {
    if (typeof n === "number" && n < 0) throw new JqError("nth doesn't support negative indices");
    let last: Out = [null, notPath(path, input)];
    for (const out of limit(typeof n === "number" ? n + 1 : n, ev(args[1], input, path, s))) last = out;
    yield last;
  }
});

pathFn("until/2", (args, input, path, s) =>
  unfold([input, path], function* ([v, p]) {
    for (const c of values(args[0], v, s)) {
      if (truthy(c)) yield { out: [v, p] };
      else for (const next of ev(args[1], v, p, s)) yield { again: next };
    }
  }),
);
pathFn("while/2", (args, input, path, s) =>
  unfold([input, path], function* ([v, p]) {
    for (const c of values(args[0], v, s)) {
      if (!truthy(c)) continue;
      yield { out: [v, p] };
      for (const next of ev(args[1], v, p, s)) yield { again: next };
    }
  }),
);
// jq 1.6's repeat(f) is `f, f, f, …` on the same input.
pathFn("repeat/1", function* (args, input, path, s) {
  for (;;) {
    s.charge(1);
    yield* ev(args[0], input, path, s);
  }
});

valueFn("isempty/1", (args, input, s) => {
  try {
    for (const _ of values(args[0], input, s)) return [false];
  } catch (err) {
    if (!(err instanceof JqError) || err instanceof JqBreak) throw err;
  }
  return [true];
});

// `reduce stream as $row ({}; .[$row | idx_expr | if type != "string" then tojson else . end] |= $row)`, built in place.
valueFn("INDEX/2", (args, input, s) => {
  const out = newMap();
  for (const row of values(args[0], input, s))
    for (const k of values(args[1], row, s)) out[typeof k === "string" ? k : dump(k)] = row;
  return [out];
});

valueFn("map/1", (args, input, s) => {
  const out = items(input).flatMap((v) => [...values(args[0], v, s)]);
  s.charge(out.length);
  return [out];
});

definePrelude(`
def first: .[0];
def last: .[-1];
def nth($n): .[$n];
def combinations: if length == 0 then [] else .[0][] as $x | (.[1:] | combinations) as $y | [$x] + $y end;
def combinations(n): . as $dot | [range(n) | $dot] | combinations;
def walk(f): . as $in | if type == "object" then reduce keys[] as $key ({}; . + {($key): ($in[$key] | walk(f))}) | f
  elif type == "array" then map(walk(f)) | f else f end;
def INDEX(idx_expr): INDEX(.[]; idx_expr);
def JOIN($idx; idx_expr): [.[] | [., $idx[idx_expr]]];
def JOIN($idx; stream; idx_expr): stream | [., $idx[idx_expr]];
def JOIN($idx; stream; idx_expr; join_expr): stream | [., $idx[idx_expr]] | join_expr;
def IN(s): any(s == .; .);
def IN(src; s): any(src == s; .);
def tostream: {string: true, number: true, boolean: true, null: true} as $leaf_types | . as $dot
  | if $leaf_types[$dot | type] or length == 0 then [[], $dot]
    else keys_unsorted as $keys | $keys[-1] as $last
      | (($keys[] | . as $key | $dot[$key] | . as $dot | tostream | .[0] |= [$key] + .), [[$last]])
    end;
def fromstream(i): foreach i as $item ([null, false, null, false];
    if ($item[0] | length) == 0 then [null, false, .[2], .[3]]
    elif ($item | length) == 1 and ($item[0] | length) < 2 then [null, false, .[0], .[1]]
    else . end
    | . as $state
    | if ($item | length) > 1 and ($item[0] | length) > 0
      then [.[0] | setpath(($item | .[0]); ($item | .[1])), true, $state[2], $state[3]]
      else . end;
    if ($item[0] | length) == 1 and ($item | length == 1) and .[3] then .[2] else empty end,
    if ($item[0] | length) == 0 then $item[1] else empty end);
def truncate_stream(stream): . as $n | null | stream | . as $input
  | if (.[0] | length) > $n then setpath([0]; $input[0][$n:]) else empty end;
`);
