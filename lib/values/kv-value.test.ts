import { describe, expect, it } from "vitest";
import { checkKey, parseApiValue, ttlMs, typedValue, typeOf } from "./kv-value";

describe("ttl", () => {
  it("reads ISO-8601 durations as Kestra writes them", () => {
    expect(ttlMs("PT1S")).toBe(1_000);
    expect(ttlMs("PT1H30M")).toBe(5_400_000);
    expect(ttlMs("P7D")).toBe(7 * 86_400_000);
    expect(ttlMs("PT0.5S")).toBe(500);
    expect(ttlMs(undefined)).toBeUndefined();
  });
  it("refuses what is not a positive duration", () => {
    expect(() => ttlMs("1 hour")).toThrow(/ISO-8601/);
    expect(() => ttlMs("PT0S")).toThrow(/positive/);
    expect(() => ttlMs("-PT5S")).toThrow(/positive/);
  });
});

describe("typed values", () => {
  it("infers the type of an untyped value", () => {
    expect(typeOf("x")).toBe("STRING");
    expect(typeOf(3)).toBe("NUMBER");
    expect(typeOf(false)).toBe("BOOLEAN");
    expect(typeOf({ a: 1 })).toBe("JSON");
    expect(typeOf([1])).toBe("JSON");
  });
  it("converts a rendered string to its kvType", () => {
    expect(typedValue("42.5", "NUMBER")).toEqual({ type: "NUMBER", value: 42.5 });
    expect(typedValue("TRUE", "BOOLEAN")).toEqual({ type: "BOOLEAN", value: true });
    expect(typedValue("yes", "BOOLEAN")).toEqual({ type: "BOOLEAN", value: false });
    expect(typedValue('{"a":[1,2]}', "JSON")).toEqual({ type: "JSON", value: { a: [1, 2] } });
    expect(typedValue("2026-11-28T10:00:00Z", "DATETIME")).toEqual({ type: "DATETIME", value: "2026-11-28T10:00:00Z" });
    expect(typedValue("PT5M", "DURATION")).toEqual({ type: "DURATION", value: "PT5M" });
    expect(typedValue("hello", undefined)).toEqual({ type: "STRING", value: "hello" });
  });
  it("says what is wrong with a value that is not its kvType", () => {
    expect(() => typedValue("forty", "NUMBER")).toThrow(/not a number/);
    expect(() => typedValue("{oops", "JSON")).toThrow(/not valid JSON/);
    expect(() => typedValue("yesterday", "DATE")).toThrow(/not an ISO-8601 date/);
    expect(() => typedValue("5 minutes", "DURATION")).toThrow(/ISO-8601/);
  });
  it("reads an API body as JSON, else as text", () => {
    expect(parseApiValue('"hi"')).toBe("hi");
    expect(parseApiValue("12")).toBe(12);
    expect(parseApiValue('{"a":1}')).toEqual({ a: 1 });
    expect(parseApiValue("plain words")).toBe("plain words");
  });
  it("refuses JSON nested deeper than 1,000 levels, from the API and as kvType JSON; text that only looks deep stays text", () => {
    const deep = "[".repeat(5_000) + "]".repeat(5_000);
    expect(() => parseApiValue(deep)).toThrow(/nests deeper than 1000 levels/);
    expect(() => typedValue(deep, "JSON")).toThrow(/kvType JSON: the value's JSON nests deeper than 1000 levels/);
    expect(parseApiValue("[".repeat(5_000))).toBe("[".repeat(5_000));
    expect(Array.isArray(parseApiValue("[".repeat(1_000) + "]".repeat(1_000)))).toBe(true);
  });
});

describe("keys", () => {
  it("follows Kestra's key rule", () => {
    expect(checkKey("my_key-1.v2", 255)).toBe("my_key-1.v2");
    for (const bad of ["", ".hidden", "-x", "a b", "a/b", "é"])
      expect(() => checkKey(bad, 255)).toThrow(/invalid KV key/);
  });
  it("caps a key's length, naming the setting", () => {
    expect(checkKey("k".repeat(255), 255)).toHaveLength(255);
    expect(() => checkKey("k".repeat(256), 255)).toThrow(
      "a KV key may have at most 255 characters (OSPREY_MAX_KV_KEY_CHARS), this one has 256",
    );
  });
});
