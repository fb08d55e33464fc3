import { describe, expect, it } from "vitest";
import { renderString, TemplateError } from "../template/render";
import { errorPosition } from "./eval-error-position";

/** The message the renderer gives for `expression` (the same text the template process sends back). */
function messageOf(expression: string, vars: Record<string, unknown> = {}): string {
  try {
    renderString(expression, {
      flow: { id: "f", namespace: "n", revision: 1 },
      execution: { id: "e", startDate: "2026-01-01T00:00:00Z" },
      outputs: {},
      secret: () => "",
      ...vars,
    });
  } catch (err) {
    if (err instanceof TemplateError) return err.message;
    throw err;
  }
  throw new Error(`${expression} rendered`);
}

describe("errorPosition", () => {
  it("reads line and column of a syntax error, on any line", () => {
    const expression = "first line\n{{ outputs.a }}\nthird {{ 1 + }}";
    expect(errorPosition(messageOf(expression), expression)).toEqual({ line: 3, column: expect.any(Number) });
    expect(errorPosition(messageOf("{{ 1 + }}"), "{{ 1 + }}")).toEqual({ line: 1, column: 8 });
  });

  it("reads the line of a variable that does not exist", () => {
    const expression = "a\nb {{ nothing.here }}";
    expect(errorPosition(messageOf(expression), expression)).toEqual({ line: 2 });
  });

  it("reads an evaluation error's position in a long expression (quoted shortened in the message)", () => {
    const expression = `${"x".repeat(150)} {{ 1 / "a" }}`;
    const position = errorPosition(messageOf(expression), expression);
    expect(position?.line).toBe(1);
    expect(position?.column).toBeGreaterThan(150);
  });

  it("does not take a position written inside the expression for the real one", () => {
    const expression = "(line 9, column 9) {{ 1 + }}";
    expect(errorPosition(messageOf(expression), expression)).toEqual({ line: 1, column: expect.any(Number) });
    expect(errorPosition(messageOf(expression), expression)?.column).not.toBe(9);
    expect(errorPosition("expression took longer than 2 s and was stopped", "{{ x }}")).toBeUndefined();
  });
});
