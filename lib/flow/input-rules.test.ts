import { describe, expect, it } from "vitest";
import type { TFlowInput } from "./flow-inputs";
import { checkInputs, coerceInput, durationMs, isBlank, plainRegexTest } from "./input-rules";

const input = (fields: Partial<TFlowInput> & { type: TFlowInput["type"] }): TFlowInput =>
  ({ id: "x", ...fields }) as TFlowInput;
const value = (fields: Partial<TFlowInput> & { type: TFlowInput["type"] }, raw: unknown) =>
  coerceInput(input(fields), raw);
const error = (fields: Partial<TFlowInput> & { type: TFlowInput["type"] }, raw: unknown) => {
  try {
    coerceInput(input(fields), raw);
    return null;
  } catch (err) {
    return (err as Error).message;
  }
};

describe("input rules: every type", () => {
  it.each([
    [{ type: "STRING" }, "hello", "hello"],
    [{ type: "SECRET" }, "hunter22", "hunter22"],
    [{ type: "INT" }, " 42 ", 42],
    [{ type: "INT" }, 7, 7],
    [{ type: "FLOAT" }, "0.25", 0.25],
    [{ type: "BOOLEAN" }, "false", false],
    [{ type: "BOOL" }, true, true],
    [{ type: "SELECT", values: ["a", "b"] }, "b", "b"],
    [{ type: "ENUM", values: ["X"] }, "X", "X"],
    [{ type: "SELECT", values: ["a"], allowCustomValue: true }, "zz", "zz"],
    [{ type: "MULTISELECT", values: ["a", "b", "c"] }, ["a", "c"], ["a", "c"]],
    [{ type: "MULTISELECT", values: ["a", "b", "c"] }, '["b"]', ["b"]],
    [{ type: "DATETIME" }, "2026-03-29T01:30:00+01:00", "2026-03-29T00:30:00.000Z"],
    [{ type: "DATE" }, "2026-01-31", "2026-01-31"],
    [{ type: "TIME" }, "14:30", "14:30"],
    [{ type: "DURATION" }, "P1DT2H", "P1DT2H"],
    [{ type: "JSON" }, '{"a":[1,2]}', { a: [1, 2] }],
    [{ type: "JSON" }, { already: true }, { already: true }],
    [{ type: "YAML" }, "a: 1\nb: [x]", { a: 1, b: ["x"] }],
    [{ type: "URI" }, "s3://bucket/key.csv", "s3://bucket/key.csv"],
    [{ type: "EMAIL" }, "ada@example.com", "ada@example.com"],
    [{ type: "FILE" }, "osprey:///executions/e/inputs/f/data.csv", "osprey:///executions/e/inputs/f/data.csv"],
    [
      { type: "FILE", extension: ".csv" },
      { name: "data.CSV", size: 3 },
      { name: "data.CSV", size: 3 },
    ],
    [{ type: "ARRAY", itemType: "INT" }, "[1, 2, 3]", [1, 2, 3]],
    [{ type: "ARRAY", itemType: "FLOAT" }, ["1.5", 2], [1.5, 2]],
    [{ type: "ARRAY", itemType: "STRING" }, "a, b", ["a", "b"]],
    [{ type: "ARRAY", itemType: "DATE" }, ["2026-01-01"], ["2026-01-01"]],
  ] as const)("%j reads %j as %j", (fields, raw, expected) => {
    expect(value(fields as never, raw)).toEqual(expected);
  });

  it.each([
    [{ type: "INT" }, "4.5", /expected an integer/],
    [{ type: "INT" }, "abc", /expected an integer/],
    [{ type: "FLOAT" }, "1,5", /expected a number/],
    [{ type: "BOOLEAN" }, "yes", /true or false/],
    [{ type: "SELECT", values: ["a", "b"] }, "z", /one of a, b/],
    [{ type: "MULTISELECT", values: ["a"] }, ["a", "q"], /one of a/],
    [{ type: "DATETIME" }, "soon", /date-time/],
    [{ type: "DATE" }, "31/01/2026", /a date such as/],
    [{ type: "TIME" }, "2pm", /a time such as/],
    [{ type: "DURATION" }, "5 minutes", /ISO-8601/],
    [{ type: "JSON" }, "{nope", /expected JSON/],
    [{ type: "YAML" }, "a: [", /expected YAML/],
    [{ type: "URI" }, "no scheme here", /a URI/],
    [{ type: "EMAIL" }, "nobody", /email/],
    [{ type: "FILE" }, 12, /expected a file/],
    [{ type: "FILE" }, "just some text", /the URI of a stored file/],
    [{ type: "FILE", extension: ".csv" }, { name: "data.txt", size: 1 }, /a \.csv file/],
    [{ type: "ARRAY", itemType: "INT" }, '[1, "x"]', /item 2: expected an integer/],
    [{ type: "ARRAY", itemType: "FILE" }, ["a"], /cannot hold FILE/],
  ] as const)("%j refuses %j", (fields, raw, message) => {
    expect(error(fields as never, raw)).toMatch(message);
  });
});

describe("input rules: nesting", () => {
  it("refuses JSON (and YAML) text nested deeper than 1,000 levels, saying so; 1,000 levels are a value", () => {
    const deep = "[".repeat(5_000) + "]".repeat(5_000);
    expect(error({ type: "JSON" }, deep)).toBe("JSON nests deeper than 1000 levels");
    expect(error({ type: "ARRAY", itemType: "STRING" }, deep)).toBe("JSON nests deeper than 1000 levels");
    // The YAML parser gives up on its own far deeper; between the two, the value is measured.
    expect(error({ type: "YAML" }, `a: ${"[".repeat(1_050)}${"]".repeat(1_050)}`)).toMatch(
      /YAML nests deeper than 1000 levels|expected YAML/,
    );
    expect(error({ type: "JSON" }, "[".repeat(1_000) + "]".repeat(1_000))).toBeNull();
  });
});

describe("input rules: each validator", () => {
  it("min and max bound numbers, inclusively", () => {
    expect(error({ type: "INT", min: 10, max: 20 }, "10")).toBeNull();
    expect(error({ type: "INT", min: 10, max: 20 }, "20")).toBeNull();
    expect(error({ type: "INT", min: 10, max: 20 }, "9")).toBe("must be at least 10");
    expect(error({ type: "FLOAT", max: 0.5 }, "0.51")).toBe("must be at most 0.5");
  });
  it("min and max bound durations by length, not by text", () => {
    expect(durationMs("PT90S")).toBe(90_000);
    expect(durationMs("P1D")).toBe(86_400_000);
    expect(error({ type: "DURATION", min: "PT1M", max: "PT1H" }, "PT90S")).toBeNull();
    expect(error({ type: "DURATION", min: "PT1M" }, "PT30S")).toBe("must be at least PT1M");
    expect(error({ type: "DURATION", max: "PT1H" }, "P1D")).toBe("must be at most PT1H");
  });
  it("minLength and maxLength bound text and secrets", () => {
    expect(error({ type: "STRING", minLength: 2, maxLength: 3 }, "abc")).toBeNull();
    expect(error({ type: "STRING", minLength: 2 }, "a")).toBe("must be at least 2 characters");
    expect(error({ type: "SECRET", maxLength: 3 }, "abcd")).toBe("must be at most 3 characters");
  });
  it("validator must match the whole value", () => {
    expect(error({ type: "STRING", validator: "A\\d+" }, "A12")).toBeNull();
    expect(error({ type: "STRING", validator: "A\\d+" }, "A12b")).toBe("must match A\\d+");
    expect(error({ type: "STRING", validator: "a|b" }, "ab")).toBe("must match a|b");
    expect(error({ type: "STRING", validator: "(" }, "x")).toMatch(/not a valid regular expression/);
    expect(plainRegexTest("x+", "xxx")).toBe(true);
  });
  it("after and before bound dates, date-times and times, exclusively", () => {
    expect(error({ type: "DATE", after: "2023-01-01", before: "2023-12-31" }, "2023-06-01")).toBeNull();
    expect(error({ type: "DATE", after: "2023-01-01" }, "2023-01-01")).toBe("must be after 2023-01-01");
    expect(error({ type: "DATETIME", before: "2026-01-01T00:00:00Z" }, "2026-01-01T00:00:01Z")).toBe(
      "must be before 2026-01-01T00:00:00Z",
    );
    expect(error({ type: "TIME", after: "08:00" }, "07:59")).toBe("must be after 08:00");
  });
  it("values restrict SELECT unless allowCustomValue", () => {
    expect(error({ type: "SELECT", values: ["a"] }, "b")).toBe("must be one of a");
    expect(error({ type: "MULTISELECT", values: ["a"], allowCustomValue: true }, ["a", "b"])).toBeNull();
  });
});

describe("input rules: a whole form", () => {
  it("fills defaults, requires by default, lets optional inputs be blank, keeps empty STRING text", () => {
    const declared = [
      { id: "a", type: "INT" },
      { id: "b", type: "INT", defaults: 3 },
      { id: "c", type: "DATE", required: false },
      { id: "d", type: "STRING" },
    ] as TFlowInput[];
    expect(checkInputs(declared, { d: "" })).toEqual({
      values: { b: 3, d: "" },
      errors: { a: "is required" },
      waiting: [],
    });
    expect(isBlank({ type: "INT" }, "")).toBe(true);
    expect(isBlank({ type: "STRING" }, "")).toBe(false);
    expect(isBlank({ type: "ARRAY" }, [])).toBe(true);
  });

  it("dependsOn: an input waits (not required, not read) until what it depends on is valid", () => {
    const declared = [
      { id: "region", type: "SELECT", values: ["eu", "us"] },
      { id: "zone", type: "STRING", dependsOn: { inputs: ["region"] } },
      { id: "rack", type: "INT", dependsOn: { inputs: ["zone"] } },
    ] as TFlowInput[];
    expect(checkInputs(declared, {})).toEqual({
      values: {},
      errors: { region: "is required" },
      waiting: ["zone", "rack"],
    });
    expect(checkInputs(declared, { region: "mars", zone: "z1" })).toEqual({
      values: {},
      errors: { region: "must be one of eu, us" },
      waiting: ["zone", "rack"],
    });
    expect(checkInputs(declared, { region: "eu" })).toEqual({
      values: { region: "eu" },
      errors: { zone: "is required" },
      waiting: ["rack"],
    });
    expect(checkInputs(declared, { region: "eu", zone: "z1", rack: "2" })).toEqual({
      values: { region: "eu", zone: "z1", rack: 2 },
      errors: {},
      waiting: [],
    });
  });

  it("dependsOn an input declared later, an optional blank one, a missing one, and a cycle", () => {
    const later = [
      { id: "b", type: "STRING", dependsOn: { inputs: ["a"] } },
      { id: "a", type: "INT" },
    ] as TFlowInput[];
    expect(checkInputs(later, { a: "1", b: "x" }).values).toEqual({ a: 1, b: "x" });
    // An optional input left blank has no value: what depends on it waits.
    const optional = [
      { id: "a", type: "STRING", required: false, defaults: undefined },
      { id: "b", type: "INT", dependsOn: { inputs: ["a"] } },
    ] as TFlowInput[];
    expect(checkInputs([{ ...optional[0], type: "INT" }, optional[1]], {}).waiting).toEqual(["b"]);
    expect(
      checkInputs([{ id: "b", type: "INT", dependsOn: { inputs: ["ghost"] } }] as TFlowInput[], { b: "1" }).waiting,
    ).toEqual(["b"]);
    const cycle = [
      { id: "a", type: "INT", dependsOn: { inputs: ["b"] } },
      { id: "b", type: "INT", dependsOn: { inputs: ["a"] } },
    ] as TFlowInput[];
    expect(checkInputs(cycle, { a: "1", b: "2" })).toEqual({ values: {}, errors: {}, waiting: ["b", "a"] });
  });
});
