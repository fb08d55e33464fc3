import { describe, expect, it } from "vitest";
import { parseProtocolLine } from "./output-protocol";

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
});
