import { JqParser } from "./parse";
import { run } from "./run";

/**
 * A jq subset, enough for what flows do with Kestra's `jq` filter: paths (`.a.b`, `.a[0]`,
 * `.["k"]`, `.[]`, `.[1:3]`, `?`), `|`, `,`, `//`, arithmetic, comparisons, `and`/`or`/`not`,
 * `as $x`, `reduce`, `if`/`elif`/`else`, `try`/`catch`, string interpolation, `@base64`-style
 * formats, `{…}`/`[…]` construction and the common builtins (`select`, `map`, `length`, `keys`,
 * `to_entries`, `sort_by`, `group_by`, `join`, `split`, `test`, …). Like Kestra's filter it
 * returns the list of every output. Every step is charged to the template's budget.
 */
export function runJq(program: string, input: unknown, charge: (n: number) => void): unknown[] {
  const ast = new JqParser(program).parseProgram();
  const out: unknown[] = [];
  for (const v of run(ast, input, { charge, env: new Map(), run })) {
    charge(1);
    out.push(v);
  }
  return out;
}
