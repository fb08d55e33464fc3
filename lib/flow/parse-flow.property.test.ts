import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { parseFlow } from "./parse-flow";
import { TASK_TYPES } from "./task-types";

// Fixed seed in CI so a failure reproduces; bench/fuzz-flows.ts runs far more with random seeds.
const RUNS = { seed: 20261127, numRuns: 1_000 };

/** Every refusal names a reason, and a position when it has one. */
function checkResult(source: string) {
  const r = parseFlow(source);
  if (r.ok) return;
  expect(r.problems.length).toBeGreaterThan(0);
  for (const p of r.problems) {
    expect(typeof p.message).toBe("string");
    expect(p.message.length).toBeGreaterThan(0);
    if (p.line !== undefined) {
      expect(p.line).toBeGreaterThanOrEqual(1);
      expect(p.column).toBeGreaterThanOrEqual(1);
    }
  }
}

const taskLike = fc.record(
  {
    id: fc.oneof(fc.stringMatching(/^[a-z][a-z0-9_]{0,8}$/), fc.string(), fc.integer()),
    type: fc.oneof(fc.constantFrom(...TASK_TYPES), fc.string()),
    script: fc.oneof(fc.string(), fc.integer()),
    commands: fc.array(fc.oneof(fc.string(), fc.integer(), fc.constant(null)), { maxLength: 3 }),
    runner: fc.constantFrom("DOCKER", "PROCESS", "KUBERNETES", 3),
    docker: fc.record(
      {
        image: fc.oneof(fc.string(), fc.constant(null)),
        pullPolicy: fc.string(),
        cpu: fc.record({ cpus: fc.oneof(fc.double(), fc.string()) }),
      },
      { requiredKeys: [] },
    ),
    retry: fc.record({ type: fc.string(), interval: fc.string() }, { requiredKeys: [] }),
    timeout: fc.string(),
    message: fc.string(),
    // Children, for flowable types: one level, with ids that may clash with the parent's.
    tasks: fc.array(
      fc.record(
        { id: fc.constantFrom("a", "b", "c"), type: fc.constantFrom(...TASK_TYPES), message: fc.string() },
        { requiredKeys: [] },
      ),
      { maxLength: 3 },
    ),
    cases: fc.dictionary(
      fc.string({ maxLength: 3 }),
      fc.array(fc.record({ id: fc.constantFrom("a", "b"), type: fc.constantFrom(...TASK_TYPES) }), { maxLength: 2 }),
    ),
    values: fc.oneof(fc.array(fc.string(), { maxLength: 3 }), fc.string()),
  },
  { requiredKeys: [] },
);

const flowLike = fc.record(
  {
    id: fc.oneof(fc.stringMatching(/^[a-z][a-z0-9_]{0,10}$/), fc.string(), fc.constant(null)),
    namespace: fc.oneof(fc.stringMatching(/^[a-z]{1,5}(\.[a-z]{1,5}){0,2}$/), fc.string()),
    description: fc.string(),
    labels: fc.dictionary(fc.string(), fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.object())),
    tasks: fc.oneof(fc.array(taskLike, { maxLength: 4 }), fc.string(), fc.constant(null)),
  },
  { requiredKeys: [] },
);

// 1,000 runs each take a few seconds; on a loaded machine more than vitest's default 5 s.
describe("parseFlow under generated input (fast-check)", { timeout: 30_000 }, () => {
  it("never throws on arbitrary text and always says why it refuses", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), (text) => checkResult(text)),
      RUNS,
    );
  });

  it("never throws on arbitrary YAML documents", () => {
    fc.assert(
      fc.property(fc.anything({ maxDepth: 4 }), (value) => checkResult(stringify(value ?? null))),
      RUNS,
    );
  });

  it("never throws on flow-shaped documents, valid or not", () => {
    fc.assert(
      fc.property(flowLike, (flow) => checkResult(stringify(flow))),
      RUNS,
    );
  });

  it("never throws on YAML with odd syntax: anchors, tags, tabs, deep nesting", () => {
    const fragments = fc.constantFrom(
      "&a [*a]",
      "!!binary x",
      "\t- x",
      "? [a]\n: b",
      "- - - - -",
      "{{ }}",
      "key: &x\n  y: *x",
      "%YAML 1.1\n---",
      "'unterminated",
      ": :",
      "<<: *nope",
    );
    fc.assert(
      fc.property(fc.array(fragments, { maxLength: 6 }), (parts) =>
        checkResult(`id: x\nnamespace: y\n${parts.join("\n")}`),
      ),
      RUNS,
    );
  });

  it("refuses a billion-laughs alias bomb by its alias limit, quickly", () => {
    // A valid flow but for the bomb, which sits where any value is allowed (a Log task's message):
    // without the alias limit it would expand to 9^7 strings before any other check could refuse it.
    const bomb = `id: x
namespace: y
tasks:
  - id: t
    type: io.kestra.plugin.core.log.Log
    message:
      a: &a ["x","x","x","x","x","x","x","x","x"]
      b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
      c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
      d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
      e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
      f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
      g: [*f,*f,*f,*f,*f,*f,*f,*f,*f]
`;
    const started = performance.now();
    const r = parseFlow(bomb);
    const elapsed = performance.now() - started;
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems[0].message).toMatch(/too many aliases/);
    // Generous for a loaded machine; the expansion itself takes far longer and gigabytes.
    expect(elapsed).toBeLessThan(1_000);
  });

  it("accepts a flow that uses a few aliases as ordinary YAML", () => {
    const r = parseFlow(
      `id: x\nnamespace: y\ntasks:\n  - id: t\n    type: io.kestra.plugin.core.log.Log\n    message: &m hello\n  - id: u\n    type: io.kestra.plugin.core.log.Log\n    message: *m\n`,
    );
    expect(r.ok).toBe(true);
  });

  it("refuses oversized flows and a 100,000-task flow with a reason, not an out-of-memory", () => {
    checkResult(`id: x\nnamespace: y\ndescription: "${"x".repeat(50 * 1024 * 1024)}"\ntasks: []\n`);
    const many = `id: x\nnamespace: y\ntasks:\n${"  - {id: t, type: io.kestra.plugin.core.log.Log, message: m}\n".repeat(100_000)}`;
    const r = parseFlow(many);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems[0].message).toMatch(/larger than/);
  });
});
