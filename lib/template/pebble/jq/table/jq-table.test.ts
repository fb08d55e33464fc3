import { describe, expect, it } from "vitest";
import { FilterError } from "../../errors";
import { runJq } from "../index";
import type { JqCase } from "./case";
import { JACKSON_JQ } from "./jackson-jq.cases";
import { JQ16 } from "./jq-1.6.cases";
import { JQ16_MANUAL } from "./jq-1.6-manual.cases";
import { JQ16_ONIG } from "./jq-1.6-onig.cases";

// jq 1.6's test suites and jackson-jq's own cases, every one run through our jq: the outputs must
// be the expected ones, in order. A skipped case must still fail (so the list stays true).

const MODULES = "modules are files on jq's search path: templates have none";
const HOST = "templates do not see the host's environment variables, by design";

/** Programs we do not run as the table expects, each with why. */
const SKIP: Record<string, string> = {
  'contains("\\u0000 jq ignores any string after \\\\0, but we do differently")':
    "jq 1.6 stops comparing at NUL (a C string bug); jackson-jq, as we, compares whole strings",
  'import "a" as foo; import "b" as bar; def fooa: foo::a; [fooa, bar::a, bar::b, foo::a]': MODULES,
  'import "c" as foo; [foo::a, foo::c]': MODULES,
  'include "c"; [a, c]': MODULES,
  modulemeta: MODULES,
  'import "test_bind_order" as check; check::check': MODULES,
  "$ENV.PAGER": HOST,
  "env.PAGER": HOST,
};

const TABLES: [string, JqCase[]][] = [
  ["jackson-jq", JACKSON_JQ],
  ["jq 1.6 tests/jq.test", JQ16],
  ["jq 1.6 manual", JQ16_MANUAL],
  ["jq 1.6 tests/onig.test", JQ16_ONIG],
];

/** Deep equality, object keys in the same order (unless the case allows any), numbers within tolerance. */
function same(a: unknown, b: unknown, c: JqCase): boolean {
  if (typeof a === "number" && typeof b === "number") return c.tolerance ? Math.abs(a - b) <= c.tolerance : a === b;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((x, i) => same(x, b[i], c));
  }
  if (a !== null && b !== null && typeof a === "object" && typeof b === "object") {
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    if (ka.length !== kb.length) return false;
    if (!c.anyKeyOrder && ka.some((k, i) => k !== kb[i])) return false;
    const x = a as Record<string, unknown>;
    const y = b as Record<string, unknown>;
    return kb.every((k) => Object.hasOwn(x, k) && same(x[k], y[k], c));
  }
  return a === b;
}

function check(c: JqCase): void {
  let steps = 0;
  // A budget, so a case that loops fails instead of hanging.
  const charge = (n: number) => {
    steps += n;
    if (steps > 5_000_000) throw new Error("step budget exhausted");
  };
  const run = () => runJq(c.q, c.in ?? null, charge);
  if (c.compileError) {
    expect(run).toThrow(FilterError);
    return;
  }
  const actual = run();
  if (same(actual, c.out, c)) return;
  expect(actual).toStrictEqual(c.out);
  expect.fail(`same values, other key order: ${JSON.stringify(actual)}`);
}

for (const [name, cases] of TABLES)
  describe(name, () => {
    cases.forEach((c, i) => {
      const why = SKIP[c.q];
      if (!why) {
        it(`#${i} ${c.q}`, () => check(c));
        return;
      }
      it(`#${i} ${c.q} (skipped: ${why})`, () => {
        expect(() => check(c), "this case passes now: take it off SKIP").toThrow();
      });
    });
  });

describe("the SKIP list", () => {
  it("names only programs in the tables", () => {
    const all = new Set(TABLES.flatMap(([, cases]) => cases.map((c) => c.q)));
    expect(Object.keys(SKIP).filter((q) => !all.has(q))).toEqual([]);
  });
});
