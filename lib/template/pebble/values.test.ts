import { describe, expect, it } from "vitest";
import { evaluateExpression, renderTemplate } from "./index";
import { arithmetic, formatNumber, javaString, printValue, toJson } from "./values";

describe("numbers print as Java prints them", () => {
  // java.lang.Double.toString: plain between 10^-3 and 10^7, computerized notation outside.
  it.each([
    [1, "1"],
    [-42, "-42"],
    [1.123, "1.123"],
    [0.001, "0.001"],
    [0.0001, "1.0E-4"],
    [1.5e-7, "1.5E-7"],
    [12345678.9, "1.23456789E7"],
    [-0, "0"],
    // biome-ignore lint/correctness/noPrecisionLoss: the point of the case
    [9007199254740993, "9007199254740992"],
    [Number.NaN, "NaN"],
    [Number.POSITIVE_INFINITY, "Infinity"],
  ])("%s → %s", (n, expected) => {
    expect(formatNumber(n)).toBe(expected);
  });

  it("uses the same numbers inside JSON", () => {
    expect(toJson({ a: [0.0001, 2, "x"], b: null })).toBe('{"a":[1.0E-4,2,"x"],"b":null}');
  });
});

describe("Java's String.valueOf for `~` and string `+`", () => {
  it("prints lists and maps the Java way, not as JSON", () => {
    expect(javaString([1, "a", [true]])).toBe("[1, a, [true]]");
    expect(javaString({ a: 1, b: [2] })).toBe("{a=1, b=[2]}");
    expect(javaString(null)).toBe("null");
  });

  it("`+` with a string concatenates, `+` with lists appends", () => {
    expect(arithmetic("+", "a", null)).toBe("anull");
    expect(arithmetic("+", [1], 2)).toEqual([1, 2]);
    expect(arithmetic("+", [1], [2, 3])).toEqual([1, 2, 3]);
    expect(arithmetic("-", [1, 2, 1], 1)).toEqual([2, 1]);
  });
});

describe("printing", () => {
  it("prints a Date as java.time.Instant does", () => {
    expect(printValue(new Date("2024-05-01T10:00:00Z"))).toBe("2024-05-01T10:00:00Z");
    expect(printValue(new Date("2024-05-01T10:00:00.120Z"))).toBe("2024-05-01T10:00:00.120Z");
  });
});

describe("doubles stay doubles (Pebble's OperatorUtils widening, Double.toString)", () => {
  it.each([
    ["{{ 10 / 4 }}", "2"],
    ["{{ 10 / 4.0 }}", "2.5"],
    ["{{ 5 * 1.0 }}", "5.0"],
    ["{{ 0.5 + 0.5 }}", "1.0"],
    ["{{ 1.0 }}", "1.0"],
    ["{{ [1.0, 2] }}", "[1.0,2]"],
    ["{{ 7 % 2.0 }}", "1.0"],
    ["{{ 1.0 == 1 }}", "true"],
    ["{{ 10000000.0 }}", "1.0E7"],
    ["{{ 1.0 ~ 'x' }}", "1.0x"],
    ["{{ '12.0' | number }}", "12.0"],
    ["{{ '12' | number }}", "12"],
    ['{{ fromJson(\'{"a": 1.0, "b": 2}\') }}', '{"a":1.0,"b":2}'],
    ["{{ fromJson('[1.0]')[0] + 1 }}", "2.0"],
    ["{{ {'a': 2.0} | yaml }}", "a: 2.0\n"],
  ])("%s → %s", (template, expected) => {
    expect(renderTemplate(template, {})).toBe(expected);
  });

  it("leaves the engine as plain numbers", () => {
    expect(evaluateExpression("[1.0, 2.5, 3]", {})).toEqual([1, 2.5, 3]);
    let seen: unknown;
    const spy = { argumentNames: ["v"], execute: (args: Record<string, unknown>) => ((seen = args.v), "ok") };
    renderTemplate("{{ spy([1.0, {'a': 2.0}]) }}", {}, { functions: { spy } });
    expect(seen).toEqual([1, { a: 2 }]);
  });
});
