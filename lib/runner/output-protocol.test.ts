import { describe, expect, it } from "vitest";
import { oversizedLineError, parseProtocolLine, ProtocolLineError } from "./output-protocol";

describe("parseProtocolLine", () => {
  it("reads outputs, metrics and logs", () => {
    expect(parseProtocolLine('::{"outputs":{"a":1,"b":"x"}}::')).toEqual({ outputs: { a: 1, b: "x" } });
    expect(parseProtocolLine('  ::{"metrics":[{"name":"rows","type":"counter","value":3}]}::  ')).toEqual({
      metrics: [{ name: "rows", type: "counter", value: 3 }],
    });
    expect(parseProtocolLine('::{"logs":[{"level":"WARN","message":"careful"}]}::')).toEqual({
      logs: [{ level: "WARN", message: "careful" }],
    });
  });

  it("leaves ordinary and malformed lines alone", () => {
    expect(parseProtocolLine("hello")).toBeNull();
    expect(parseProtocolLine("::{not json}::")).toBeNull();
    expect(parseProtocolLine('::{"other":1}::')).toBeNull();
    expect(parseProtocolLine('::["outputs"]::')).toBeNull();
    expect(parseProtocolLine('prefix ::{"outputs":{}}::')).toBeNull();
  });

  it("refuses outputs nested deeper than the JSON depth limit, naming it, instead of taking them as text", () => {
    const nested = (levels: number) => `::{"outputs":{"deep":${"[".repeat(levels)}${"]".repeat(levels)}}}::`;
    expect(() => parseProtocolLine(nested(5_000))).toThrow(ProtocolLineError);
    expect(() => parseProtocolLine(nested(5_000))).toThrow(/nests deeper than 1000 levels.*MAX_JSON_DEPTH/);
    expect(parseProtocolLine(nested(990))?.outputs).toHaveProperty("deep");
  });

  it("names the limit and the size of a line too long to read", () => {
    expect(oversizedLineError({ oversized: true, bytes: 2_000_026, maxBytes: 1_048_576 }).message).toBe(
      "a ::{…}:: line (outputs, metrics or logs) of 1.91 MB (2,000,026 bytes) is longer than 1 MB (1,048,576 bytes), the most one may be (OSPREY_MAX_OUTPUTS_LINE_BYTES): it was not read, so this task's outputs are incomplete",
    );
  });
});
