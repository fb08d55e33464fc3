import { describe, expect, it } from "vitest";
import {
  PebbleError,
  PebbleRuntimeError,
  PebbleSyntaxError,
  PebbleUndefinedError,
  evaluateExpression,
  parseTemplate,
  renderTemplate,
} from "./index";

const ctx = {
  inputs: { name: "world", n: 2, empty: "", nothing: null },
  outputs: { py: { vars: { answer: 42, list: [1, 2] } } },
};

describe("strict variables (Kestra: strictVariables(true))", () => {
  it.each([
    ["{{ missing }}", /Root attribute \[missing\] does not exist/],
    ["{{ inputs.missing }}", /Attribute \[missing\] of \[Map\] does not exist/],
    ["{{ outputs.py.vars.list[5] }}", /Attribute \[5\]/],
    ["{{ inputs.nothing.deeper }}", /Attempt to get attribute of null object/],
    ["{{ missing.deeper }}", /Root attribute \[missing\]/],
  ])("%s fails", (template, message) => {
    expect(() => renderTemplate(template, ctx)).toThrow(PebbleUndefinedError);
    expect(() => renderTemplate(template, ctx)).toThrow(message);
  });

  it("prints null as nothing, but a null condition is an error", () => {
    expect(renderTemplate("[{{ inputs.nothing }}]", ctx)).toBe("[]");
    expect(() => renderTemplate("{% if inputs.nothing %}x{% endif %}", ctx)).toThrow(/null value given to if/);
    expect(() => renderTemplate("{{ inputs.nothing and true }}", ctx)).toThrow(/null value used in and/);
    expect(() => renderTemplate("{{ not inputs.nothing }}", ctx)).toThrow(/null value given to not/);
  });

  it("`is null` does not excuse a missing variable (only `defined` does, as in Pebble)", () => {
    expect(renderTemplate("{{ inputs.nothing is null }}", ctx)).toBe("true");
    expect(() => renderTemplate("{{ missing is null }}", ctx)).toThrow(PebbleUndefinedError);
  });
});

describe("escape hatches: ??, ???, default, is defined", () => {
  it.each([
    ["{{ missing ?? 'fallback' }}", "fallback"],
    ["{{ inputs.missing.deeper ?? 'fallback' }}", "fallback"],
    ["{{ inputs.nothing ?? 'fallback' }}", "fallback"],
    ["{{ inputs.name ?? 'fallback' }}", "world"],
    ["{{ inputs.nothing ??? 'fallback' }}", ""],
    ["{{ missing ??? 'fallback' }}", "fallback"],
    ["{{ missing | default('d') }}", "d"],
    ["{{ inputs.missing.x | default('d') }}", "d"],
    ["{{ inputs.empty | default('d') }}", "d"],
    ["{{ inputs.name | default('d') }}", "world"],
    ["{{ missing is defined }}", "false"],
    ["{{ missing is not defined }}", "true"],
    ["{{ inputs.nothing is defined }}", "false"],
    ["{{ inputs.name is defined }}", "true"],
    ["{{ missing is defined ? missing : 'no' }}", "no"],
  ])("%s → %s", (template, expected) => {
    expect(renderTemplate(template, ctx)).toBe(expected);
  });

  it("does not excuse anything but a missing variable", () => {
    expect(() => renderTemplate("{{ 'a' | abs ?? 'x' }}", ctx)).toThrow(/abs/);
    expect(() => renderTemplate("{{ missing ?? missing2 }}", ctx)).toThrow(PebbleUndefinedError);
  });
});

describe("errors carry the line, column and template", () => {
  it.each([
    ["{{ inputs.name ", 1, 16, /Unclosed "\{\{"/],
    ["line one\n{{ 1 + }}", 2, 8, /Unexpected/],
    ["a\nb\n  {% if true %}x", 3, 6, /Unclosed "if" tag/],
    ["{% endfor %}", 1, 4, /Unexpected tag "endfor"|Unknown tag/],
    ["{{ 'unterminated }}", 1, 4, /Unclosed string/],
    ["{{ a b }}", 1, 6, /Expected "?print_end|Expected/],
    ["{% set true = 1 %}", 1, 8, /Can not assign a value to true/],
    ["{{ f(a=1, 2) }}", 1, 11, /Positional arguments must be declared before any named arguments/],
  ])("%j", (template, line, column, message) => {
    let error: unknown;
    try {
      parseTemplate(template);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(PebbleSyntaxError);
    const e = error as PebbleSyntaxError;
    expect(e.message).toMatch(message);
    expect(e.position).toEqual({ line, column });
    expect(e.message).toContain(`line ${line}, column ${column}`);
  });

  it("runtime errors point at the failing expression", () => {
    let error: unknown;
    try {
      renderTemplate("ok {{ inputs.name }}\n  {{ inputs.name | abs }}", ctx);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(PebbleRuntimeError);
    expect((error as PebbleRuntimeError).position?.line).toBe(2);
    expect((error as Error).message).toMatch(/abs.*line 2/);
    expect((error as Error).message).toContain("inputs.name | abs");
  });

  it("errors say their kind and cross bundles by brand, not class", () => {
    const kinds: string[] = [];
    for (const template of ["{{ 1 +", "{{ missing }}", "{{ 'a' | abs }}", "{% for i in range(1, 10) %}{% endfor %}"]) {
      try {
        renderTemplate(template, {}, { maxSteps: 5 });
      } catch (err) {
        expect(PebbleError.is(err)).toBe(true);
        kinds.push((err as PebbleError).kind);
        expect(JSON.parse(JSON.stringify(err))).toMatchObject({
          kind: (err as PebbleError).kind,
          reason: (err as PebbleError).reason,
        });
      }
    }
    expect(kinds).toEqual(["syntax", "undefined", "runtime", "limit"]);
    expect(PebbleError.is(new Error("x"))).toBe(false);
  });

  it("names unknown filters, tests and functions", () => {
    expect(() => renderTemplate("{{ 1 | nope }}", {})).toThrow(/Filter \[nope\] does not exist/);
    expect(() => renderTemplate("{{ 1 is nope }}", {})).toThrow(/Test \[nope\] does not exist/);
    expect(() => renderTemplate("{{ nope() }}", {})).toThrow(/Function or Macro \[nope\] does not exist/);
  });
});

describe("evaluateExpression returns typed values", () => {
  it.each([
    ["outputs.py.vars.answer", 42],
    ["outputs.py.vars.list", [1, 2]],
    ["inputs.n > 1 and inputs.name == 'world'", true],
    ["inputs.nothing", null],
    ["[1, 'a', true]", [1, "a", true]],
    ["inputs.n * 1.5", 3],
  ])("%s", (expression, expected) => {
    expect(evaluateExpression(expression, ctx)).toEqual(expected);
  });

  it("is as strict as rendering", () => {
    expect(() => evaluateExpression("inputs.missing", ctx)).toThrow(PebbleUndefinedError);
    expect(() => evaluateExpression("1 +", ctx)).toThrow(PebbleSyntaxError);
    expect(() => evaluateExpression("1 }} {{ 2", ctx)).toThrow(PebbleSyntaxError);
  });
});

describe("host functions", () => {
  const secret = {
    argumentNames: ["key"],
    execute: (args: Record<string, unknown>) => {
      if (args.key === "TOKEN") return "s3cr3t";
      throw new Error(`secret ${String(args.key)} not found`);
    },
  };

  it("receive named arguments, positional ones mapped to their names", () => {
    expect(renderTemplate("{{ secret('TOKEN') }} {{ secret(key='TOKEN') }}", {}, { functions: { secret } })).toBe(
      "s3cr3t s3cr3t",
    );
  });

  it("report their failure with the expression", () => {
    expect(() => renderTemplate("{{ secret('NOPE') }}", {}, { functions: { secret } })).toThrow(
      /secret NOPE not found.*secret\('NOPE'\)/,
    );
  });

  it("are absent unless given", () => {
    expect(() => renderTemplate("{{ secret('TOKEN') }}", {})).toThrow(/Function or Macro \[secret\] does not exist/);
  });

  it("formats java.time patterns, week-based year included", () => {
    // java.time with Locale.US: 2024-12-29 is a Sunday whose week holds 2025-01-01.
    expect(renderTemplate("{{ d | date('YYYY-MM-dd yyyy') }}", { d: "2024-12-29T10:00:00Z" })).toBe("2025-12-29 2024");
    expect(renderTemplate("{{ d | date('YYYY') }}", { d: "2024-12-28T10:00:00Z" })).toBe("2024");
    expect(
      renderTemplate("{{ d | date(\"EEEE d MMMM yyyy, hh:mm a Z\", timeZone='America/New_York') }}", {
        d: "2024-07-04T16:05:00Z",
      }),
    ).toBe("Thursday 4 July 2024, 12:05 PM -0400");
    expect(
      renderTemplate("{{ d | date('iso_instant') }} {{ d | date('iso_local_date_time') }}", {
        d: "2024-07-04T16:05:00.5Z",
      }),
    ).toBe("2024-07-04T16:05:00.500Z 2024-07-04T16:05:00.5");
    expect(
      renderTemplate("{{ d | date('iso_date_time', timeZone='Europe/Paris') }}", { d: "2024-07-04T16:05:00Z" }),
    ).toBe("2024-07-04T18:05:00+02:00[Europe/Paris]");
    expect(renderTemplate("{{ d | date('rfc_1123_date_time') }}", { d: "2024-07-04T16:05:00Z" })).toBe(
      "Thu, 4 Jul 2024 16:05:00 GMT",
    );
  });

  it("adds calendar units on the wall clock", () => {
    expect(renderTemplate("{{ d | dateAdd(1, 'MONTHS', format='yyyy-MM-dd') }}", { d: "2024-01-31T10:00:00Z" })).toBe(
      "2024-02-29",
    );
    expect(renderTemplate("{{ d | dateAdd(-2, 'HOURS', format='HH:mm') }}", { d: "2024-01-31T01:30:00Z" })).toBe(
      "23:30",
    );
    // Across the DST change: one day later is the same wall-clock time, 23 hours of real time.
    expect(
      renderTemplate("{{ d | dateAdd(1, 'DAYS', timeZone='Europe/Paris') }}", { d: "2024-03-30T12:00:00+01:00" }),
    ).toBe("2024-03-31T12:00:00.000000+02:00");
  });

  it("now() uses the injected clock and zone", () => {
    const now = () => new Date("2024-02-29T23:30:00.250Z");
    expect(renderTemplate("{{ now() }}", {}, { now })).toBe("2024-02-29T23:30:00.250000Z");
    expect(renderTemplate("{{ now(timeZone='Europe/Paris') }}", {}, { now })).toBe("2024-03-01T00:30:00.250000+01:00");
    expect(renderTemplate("{{ now(format='yyyy-MM-dd EEE MMMM') }}", {}, { now, timeZone: "Asia/Tokyo" })).toBe(
      "2024-03-01 Fri March",
    );
  });
});

describe("tags follow Pebble's ForNode and ScopeChain", () => {
  it.each([
    // ScopeChain.set updates the scope that already has the name: the accumulator pattern works.
    ["{% set count = 0 %}{% for i in list %}{% set count = count + i %}{% endfor %}{{ count }}", "6"],
    // A name first set inside a loop lives in the loop's scope only.
    ["{% for i in list %}{% set inner = i %}{% endfor %}{{ inner ?? 'gone' }}", "gone"],
    ["{% for e in map %}{{ e.key }}={{ e.value }};{% endfor %}", "a=1;b=2;"],
    // ForNode returns early on null: not even the else branch.
    ["{% for e in nothing %}x{% else %}empty{% endfor %}", ""],
    ["{% for e in emptyList %}x{% else %}empty{% endfor %}", "empty"],
  ])("%s → %s", (template, expected) => {
    expect(renderTemplate(template, { list: [1, 2, 3], map: { a: 1, b: 2 }, nothing: null, emptyList: [] })).toBe(
      expected,
    );
  });

  it("does not iterate over a string", () => {
    expect(() => renderTemplate("{% for c in 'abc' %}{{ c }}{% endfor %}", {})).toThrow(/Not an iterable object/);
  });
});
