import { describe, expect, it } from "vitest";
import { evaluateChecks } from "./flow-checks";

const vars = (inputs: Record<string, unknown>) => ({
  flow: { id: "f", namespace: "n", revision: 1 },
  inputs,
  labels: {},
});

describe("flow checks", () => {
  const checks = [
    { condition: "{{ inputs.env == 'prod' }}", message: "only in prod", behavior: "CREATE_EXECUTION" as const },
    { condition: "{{ inputs.count > 0 }}", message: "count must be positive", behavior: "FAIL_EXECUTION" as const },
    { condition: "{{ inputs.count < 100 }}", message: "count too large" },
  ];

  it("creates when every condition holds, and without checks", () => {
    expect(evaluateChecks(checks, vars({ env: "prod", count: 5 }))).toEqual({ outcome: "CREATE", messages: [] });
    expect(evaluateChecks(undefined, vars({}))).toEqual({ outcome: "CREATE", messages: [] });
  });

  it("a false condition applies its behavior; the strictest of several wins (BLOCK_EXECUTION by default)", () => {
    expect(evaluateChecks(checks, vars({ env: "dev", count: 5 }))).toEqual({
      outcome: "CREATE",
      messages: ["only in prod"],
    });
    expect(evaluateChecks(checks, vars({ env: "dev", count: 0 }))).toEqual({
      outcome: "FAIL",
      messages: ["only in prod", "count must be positive"],
    });
    expect(evaluateChecks(checks, vars({ env: "prod", count: 500 }))).toEqual({
      outcome: "BLOCK",
      messages: ["count too large"],
    });
  });

  it("a condition that cannot render counts as false, saying why", () => {
    const verdict = evaluateChecks([{ condition: "{{ inputs.missing.deep }}", message: "bad" }], vars({}));
    expect(verdict.outcome).toBe("BLOCK");
    expect(verdict.messages[0]).toMatch(/^bad \(.+\)$/);
  });
});
