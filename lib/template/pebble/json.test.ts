import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { FilterError } from "./errors";
import { parseJson } from "./json";
import { WholeDouble, plain } from "./values";

describe("parseJson", () => {
  it("keeps whole doubles apart from longs, as Jackson does", () => {
    expect(parseJson('{"a": 1.0, "b": 1, "c": 1.5, "d": 2e3, "e": [0.0]}')).toEqual({
      a: new WholeDouble(1),
      b: 1,
      c: 1.5,
      d: new WholeDouble(2000),
      e: [new WholeDouble(0)],
    });
  });

  it("makes maps without a prototype, __proto__ included as a plain key", () => {
    const v = parseJson('{"__proto__": {"polluted": true}}') as Record<string, unknown>;
    expect(Object.getPrototypeOf(v)).toBeNull();
    expect(Object.keys(v)).toEqual(["__proto__"]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it.each(["", "{", "[1,]", "{'a': 1}", "01", "1 2", '"\\x"', "nul", '{"a" 1}'])("rejects %j", (text) => {
    expect(() => parseJson(text)).toThrow(FilterError);
  });

  it("agrees with JSON.parse on any JSON text (numbers unboxed)", () => {
    fc.assert(
      fc.property(fc.json(), (text) => {
        expect(plain(parseJson(text))).toEqual(JSON.parse(text));
      }),
      { seed: 42, numRuns: 300 },
    );
  });
});
