import { describe, expect, it } from "vitest";
import type { TFlowInput } from "./flow-inputs";
import { resolveInputs } from "./resolve-inputs";
import { parseFlow } from "./parse-flow";

const one = (input: Partial<TFlowInput> & { type: TFlowInput["type"] }, value: unknown) =>
  resolveInputs([{ id: "x", ...input } as TFlowInput], value === undefined ? {} : { x: value }).x;

describe("flow inputs, as Kestra reads them", () => {
  it.each([
    [{ type: "STRING" }, "hello", "hello"],
    [{ type: "INT" }, "42", 42],
    [{ type: "FLOAT" }, "0.25", 0.25],
    [{ type: "BOOLEAN" }, "true", true],
    [{ type: "BOOL" }, false, false],
    [{ type: "SELECT", values: ["a", "b"] }, "b", "b"],
    [{ type: "ENUM", values: ["ENUM_VALUE"] }, "ENUM_VALUE", "ENUM_VALUE"],
    [{ type: "MULTISELECT", values: ["a", "b", "c"] }, '["a","c"]', ["a", "c"]],
    [{ type: "DATETIME" }, "2013-08-09T14:19:00Z", "2013-08-09T14:19:00.000Z"],
    [{ type: "DATE" }, "2026-01-31", "2026-01-31"],
    [{ type: "TIME" }, "14:30:00", "14:30:00"],
    [{ type: "DURATION" }, "PT5M", "PT5M"],
    [{ type: "JSON" }, '{"a":[1,2]}', { a: [1, 2] }],
    [{ type: "YAML" }, "a: 1\nb: [x]", { a: 1, b: ["x"] }],
    [{ type: "URI" }, "https://example.com/data.csv", "https://example.com/data.csv"],
    [{ type: "EMAIL" }, "ada@example.com", "ada@example.com"],
    [{ type: "ARRAY", itemType: "INT" }, "[1, 2, 3]", [1, 2, 3]],
    [{ type: "ARRAY", itemType: "STRING" }, "a, b", ["a", "b"]],
    // Sealed by createExecution before it is stored; here it is the value as given.
    [{ type: "SECRET" }, "s3cret", "s3cret"],
  ] as const)("%j reads %j", (input, value, expected) => {
    expect(one(input as never, value)).toEqual(expected);
  });

  it.each([
    [{ type: "INT" }, "4.5", /expected an integer/],
    [{ type: "INT", min: 10, max: 20 }, "25", /at most 20/],
    [{ type: "FLOAT", min: 0.1 }, "0.05", /at least 0.1/],
    [{ type: "STRING", validator: "A\\d+" }, "B1", /must match A\\d\+/],
    [{ type: "STRING", maxLength: 3 }, "abcd", /at most 3 characters/],
    [{ type: "SELECT", values: ["a"] }, "z", /one of a/],
    [{ type: "DATE", after: "2023-01-01", before: "2023-12-31" }, "2024-02-01", /before 2023-12-31/],
    [{ type: "DATETIME" }, "not a date", /date-time/],
    [{ type: "EMAIL" }, "nobody", /email/],
    [{ type: "DURATION" }, "5 minutes", /ISO-8601/],
    [{ type: "SECRET", minLength: 8 }, "s3cret", /at least 8 characters/],
    // A validator that backtracks for ever is cut off (it runs on the server's thread).
    [{ type: "STRING", validator: "(a+)+b" }, `${"a".repeat(40)}!`, /took longer than 100 ms/],
    [{ type: "STRING", validator: "(" }, "x", /not a valid regular expression/],
  ] as const)("%j refuses %j", (input, value, message) => {
    expect(() => one(input as never, value)).toThrow(message);
  });

  it("fills defaults, nests dotted ids, and reports every problem at once", () => {
    const declared = [
      { id: "nested.more.int", type: "INT", required: false },
      { id: "when", type: "DATETIME", defaults: "2013-08-09T14:19:00Z" },
      { id: "empty", type: "STRING", defaults: "" },
    ] as TFlowInput[];
    expect(resolveInputs(declared, { "nested.more.int": "7" })).toEqual({
      nested: { more: { int: 7 } },
      when: "2013-08-09T14:19:00.000Z",
      empty: "",
    });
    expect(() =>
      resolveInputs(
        [
          { id: "a", type: "INT" },
          { id: "b", type: "BOOLEAN" },
        ] as TFlowInput[],
        { b: "maybe" },
      ),
    ).toThrow(/input a is required; input b: expected true or false/);
  });

  it("keeps an optional input with neither value nor default as null (Kestra renders it empty); one waiting on dependsOn stays out", () => {
    const declared = [
      { id: "optional", type: "STRING", required: false },
      { id: "choice", type: "INT", required: false },
      { id: "later", type: "STRING", required: false, dependsOn: { inputs: ["choice"] } },
    ] as TFlowInput[];
    expect(resolveInputs(declared, {})).toEqual({ optional: null, choice: null });
    expect(resolveInputs(declared, { choice: "2" })).toEqual({ optional: null, choice: 2, later: null });
  });

  it("accepts an input's old `name` as its id", () => {
    const parsed = parseFlow(
      "id: f\nnamespace: n\ninputs:\n  - name: old\n    type: STRING\ntasks:\n  - {id: t, type: io.kestra.plugin.core.log.Log, message: m}\n",
    );
    expect(parsed.ok && parsed.flow.inputs).toEqual([{ id: "old", type: "STRING" }]);
  });
});
