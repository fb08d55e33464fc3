import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { PebbleError, TemplateLimitError, parseTemplate, renderTemplate } from "./index";

const ctx = {
  inputs: { name: "world", list: [1, 2], map: { a: 1 } },
  secretHolder: { toString: () => "leak", fn: () => "called" },
};

describe("sandbox: flow text cannot reach JavaScript", () => {
  const payloads = [
    "{{ ''.constructor }}",
    "{{ ''.constructor.constructor('return process')() }}",
    "{{ inputs.__proto__ }}",
    "{{ inputs['__proto__'] }}",
    "{{ inputs.constructor }}",
    "{{ inputs['constructor']['constructor']('return process')() }}",
    "{{ inputs.list.constructor }}",
    "{{ inputs.list['constructor'] }}",
    "{{ inputs.map.hasOwnProperty }}",
    "{{ inputs.map.toString }}",
    "{{ inputs.name.toUpperCase() }}",
    "{{ inputs.name.concat.constructor('return process')() }}",
    "{{ range.constructor }}",
    "{{ range(1, 2).constructor }}",
    "{{ constructor }}",
    "{{ __proto__ }}",
    "{{ toString() }}",
    "{{ hasOwnProperty('inputs') }}",
    "{{ constructor('return process')() }}",
    "{{ process }}",
    "{{ globalThis }}",
    "{{ this }}",
    "{{ require('child_process') }}",
    "{{ secretHolder.fn }}",
    "{{ secretHolder.fn() }}",
    "{{ 1 | constructor }}",
    "{{ 1 is constructor }}",
    "{{ {'__proto__': {'polluted': 1}}.polluted }}",
    "{% set p = inputs.__proto__ %}{{ p }}",
    "{% include '/etc/passwd' %}",
    "{% import '/etc/passwd' as x %}",
    '{{ fromJson(\'{"__proto__": {"polluted": 1}}\').polluted }}',
    "{{ inputs | jq('.constructor') | first | length }}",
  ];

  it.each(payloads)("%s fails cleanly or prints nothing dangerous", (payload) => {
    let out: string | undefined;
    try {
      out = renderTemplate(payload, ctx);
    } catch (err) {
      expect(err).toBeInstanceOf(PebbleError);
      return;
    }
    expect(out).not.toMatch(/function|native code|process|leak|called|root:x/);
    expect(out.length).toBeLessThan(20);
  });

  it("leaves shared prototypes and the caller's data untouched", () => {
    for (const p of payloads) {
      try {
        renderTemplate(p, ctx);
      } catch {
        // failures are the expected outcome for most payloads; only side effects matter here
      }
    }
    renderTemplate("{% set inputs = 'hacked' %}{{ inputs }}", ctx);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty("polluted");
    expect(ctx.inputs.name).toBe("world");
    expect(renderTemplate("{{ inputs.name }}", ctx)).toBe("world");
  });
});

describe("limits", () => {
  it("stops nested loops at the step budget, quickly", () => {
    const template = "{% for a in range(1,100000) %}{% for b in range(1,100000) %}{% endfor %}{% endfor %}";
    expect(() => renderTemplate(template, {})).toThrow(TemplateLimitError);
    expect(() => renderTemplate(template, {})).toThrow(/exceeded 1000000 steps/);
  });

  it("refuses huge ranges before allocating them", () => {
    expect(() => renderTemplate("{{ range(0, 1000000000000) | length }}", {})).toThrow(TemplateLimitError);
    expect(() => renderTemplate("{{ (0..1000000000000) | length }}", {})).toThrow(TemplateLimitError);
  });

  it("takes the step budget from the options", () => {
    expect(renderTemplate("{% for i in range(1, 10) %}{{ i }}{% endfor %}", {}, { maxSteps: 1000 })).toBe(
      "12345678910",
    );
    expect(() => renderTemplate("{% for i in range(1, 1000) %}{{ i }}{% endfor %}", {}, { maxSteps: 1000 })).toThrow(
      TemplateLimitError,
    );
  });

  it("caps the output, and any one string, before building it", () => {
    expect(() =>
      renderTemplate("{% for i in range(1, 200) %}0123456789{% endfor %}", {}, { maxOutputChars: 1000 }),
    ).toThrow(/exceeded 1000 characters/);
    expect(() => renderTemplate("{{ 'a\nb' | indent(1000000000) }}", {})).toThrow(TemplateLimitError);
    expect(() => renderTemplate("{{ 'a\nb' | nindent(2000, 'xxxxx') }}", {}, { maxOutputChars: 5000 })).toThrow(
      TemplateLimitError,
    );
  });

  it("stops strings that double each turn", () => {
    const template =
      "{% set s = 'xxxxxxxxxx' %}{% for i in range(1, 40) %}{% set s = s ~ s %}{% endfor %}{{ s | length }}";
    expect(() => renderTemplate(template, {})).toThrow(TemplateLimitError);
  });

  it("stops many strings that each fit but add up", () => {
    // Each string is half the cap; 200 of them are 100 times it.
    const template =
      "{% set l = [] %}{% for i in range(1, 200) %}{% set l = l + [('y' ~ i) | nindent(50000)] %}{% endfor %}{{ l | length }}";
    expect(() => renderTemplate(template, {}, { maxOutputChars: 100_000 })).toThrow(
      /built more than 1000000 characters/,
    );
  });

  it("stops lists that double each turn", () => {
    const template = "{% set l = [1] %}{% for i in range(1, 60) %}{% set l = l + l %}{% endfor %}{{ l | length }}";
    expect(() => renderTemplate(template, {})).toThrow(TemplateLimitError);
  });

  it("refuses nesting before the JavaScript stack runs out", () => {
    expect(() => parseTemplate(`{{ ${"(".repeat(5000)}1${")".repeat(5000)} }}`)).toThrow(/nested more than 200 levels/);
    expect(() => parseTemplate("{% if true %}".repeat(5000))).toThrow(/nested more than 200 levels/);
    expect(() => renderTemplate("{{ render(a) }}", { a: "{{ render(b) }}", b: "{{ render(a) }}" })).toThrow(
      /render\(\) nested more than 100 levels/,
    );
    expect(() => renderTemplate("{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}", {})).toThrow(
      /Macro calls nested more than 100 levels/,
    );
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(() => renderTemplate("{{ x }}", { x: deep })).toThrow(TemplateLimitError);
  });

  it("stops render() loops", () => {
    expect(() => renderTemplate("{{ render(first) }}", { first: "{{second}}", second: "{{first}}" })).toThrow(
      /Too many rendering attempts/,
    );
  });
});

describe("properties", () => {
  const noDelimiters = fc.string({ unit: "binary" }).filter((s) => !/\{[{%#]/.test(s));

  it("text without {{, {% or {# renders to itself", () => {
    fc.assert(
      fc.property(noDelimiters, (text) => renderTemplate(text, {}) === text),
      { seed: 42, numRuns: 500 },
    );
  });

  it("a string literal prints as itself (quotes escaped as Pebble reads them)", () => {
    const safe = fc.string().filter((s) => !s.includes("\\") && !/#\{/.test(s) && !s.includes("}}"));
    fc.assert(
      fc.property(safe, (s) => renderTemplate(`{{ '${s.replace(/'/g, "\\'")}' }}`, {}) === s),
      { seed: 42, numRuns: 300 },
    );
  });

  it("integer arithmetic matches Java long arithmetic (truncating division)", () => {
    const int = fc.integer({ min: -100000, max: 100000 });
    fc.assert(
      fc.property(
        int,
        int.filter((n) => n !== 0),
        (a, b) => {
          const out = renderTemplate("{{ a + b }},{{ a - b }},{{ a * b }},{{ a / b }},{{ a % b }}", { a, b });
          const rem = a % b;
          return out === [a + b, a - b, a * b, Math.trunc(a / b), Object.is(rem, -0) ? 0 : rem].join(",");
        },
      ),
      { seed: 42, numRuns: 300 },
    );
  });

  it("toJson then fromJson gives back the value", () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 3 }), (value) => {
        const back = renderTemplate("{{ fromJson(v | toJson) | toJson }}", { v: value });
        expect(JSON.parse(back)).toEqual(JSON.parse(JSON.stringify(value)));
      }),
      { seed: 42, numRuns: 200 },
    );
  });

  it("parsing random text either succeeds or throws a PebbleError, never anything else", () => {
    const pieces = fc.constantFrom(
      "{{",
      "}}",
      "{%",
      "%}",
      "{#",
      "#}",
      "'",
      '"',
      "#{",
      "}",
      "(",
      ")",
      "[",
      "]",
      "if",
      "for",
      "x",
      " ",
      "|",
      "-",
      ".",
      "..",
      "?",
      ":",
      "1",
    );
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 20 }), (parts) => {
        try {
          parseTemplate(parts.join(""));
        } catch (err) {
          return err instanceof PebbleError;
        }
        return true;
      }),
      { seed: 42, numRuns: 1000 },
    );
  });
});
