import { JqParser } from "./parse";
import { run } from "./run";

/**
 * A small jq: paths (`.a.b`, `.a[0]`, `.["k"]`, `.[]`, `.[1:3]`), `|`, `,`, literals, comparisons,
 * `and`/`or`/`not`, `select`, `map`, `length`, `keys`, `values`, `has`, `add`, `first`, `last`,
 * `sort`, `sort_by`, `unique`, `reverse`, `min`, `max`, `tostring`, `tonumber`, `type`,
 * `to_entries`, `from_entries`, `join`, `ascii_downcase`/`ascii_upcase`, `{…}` and `[…]`
 * construction, `//`. Like Kestra's `jq` filter it returns the list of every output.
 */
export function runJq(program: string, input: unknown, charge: (n: number) => void): unknown[] {
  const ast = new JqParser(program).parseProgram();
  const out: unknown[] = [];
  for (const v of run(ast, input, charge)) out.push(v);
  return out;
}
