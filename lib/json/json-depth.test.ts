import { describe, expect, it } from "vitest";
import { JsonDepthError, jsonDepth, parseJsonWithin, valueDepth } from "./json-depth";

describe("jsonDepth", () => {
  it("counts nesting outside strings only", () => {
    expect(jsonDepth('{"a":[1,{"b":2}]}')).toBe(3);
    expect(jsonDepth('{"a":"[[[[{{{"}')).toBe(1);
    expect(jsonDepth('["\\"[["]')).toBe(1);
    expect(jsonDepth("42")).toBe(0);
  });

  it("stops early past the limit, on text no parser could take", () => {
    const deep = "[".repeat(200_000) + "]".repeat(200_000);
    expect(jsonDepth(deep, 1_000)).toBe(1_001);
    expect(() => parseJsonWithin(deep)).toThrow(JsonDepthError);
  });

  it("parses what is within the limit", () => {
    const ok = "[".repeat(1_000) + "]".repeat(1_000);
    expect(Array.isArray(parseJsonWithin(ok))).toBe(true);
  });
});

describe("valueDepth", () => {
  it("measures values without recursion", () => {
    let v: unknown = 1;
    for (let i = 0; i < 50_000; i++) v = { v };
    expect(valueDepth(v, 1_000)).toBe(1_001);
    expect(valueDepth({ a: [1, { b: [] }] })).toBe(4);
    expect(valueDepth("x")).toBe(0);
  });
});
