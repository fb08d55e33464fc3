import { FilterError } from "../errors";
import { instantString, isList, isMap, newMap } from "../values";
import "./builtins";
import "./builtins-dates";
import "./builtins-math";
import "./builtins-paths";
import "./builtins-regex";
import "./builtins-streams";
import "./builtins-strings";
import { ROOT } from "./env";
import { JqParser } from "./parse";
import { ev } from "./run";

/**
 * jq 1.6, as Kestra's `jq` filter runs it (jackson-jq): the whole language (paths and
 * assignments, `def`, `reduce`/`foreach`, `label`/`break`, destructuring with `?//`, `try`, string
 * interpolation and `@format`s) and its builtins, regexes included. Only what touches the host is
 * missing: `$ENV`/`env`, `input`/`inputs`, modules, local time zones. Like Kestra's filter it
 * returns the list of every output. Every step is charged to the template's budget.
 */
export function runJq(program: string, input: unknown, charge: (n: number) => void): unknown[] {
  const ast = new JqParser(program).parseProgram();
  const out: unknown[] = [];
  try {
    for (const [v] of ev(ast, jsonData(input), undefined, { env: ROOT, charge })) {
      charge(1);
      out.push(v);
    }
  } catch (err) {
    // A recursion deeper than the stack allows (`def f: f; f`) is the program's fault, not ours.
    if (err instanceof RangeError && /call stack/i.test(err.message)) throw new FilterError("jq: recursion too deep");
    throw err;
  }
  return out;
}

/** Template values as JSON data: dates become their ISO text (as Kestra serializes them for jq). */
function jsonData(v: unknown): unknown {
  if (v instanceof Date) return instantString(v);
  if (isList(v)) {
    const items = v.map(jsonData);
    return items.some((x, i) => x !== v[i]) ? items : v;
  }
  if (isMap(v)) {
    let out: Record<string, unknown> | undefined;
    for (const k of Object.keys(v)) {
      const x = jsonData(v[k]);
      if (x !== v[k]) out ??= Object.assign(newMap(), v);
      if (out) out[k] = x;
    }
    return out ?? v;
  }
  return v;
}
