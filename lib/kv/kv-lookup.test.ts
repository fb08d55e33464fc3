import { describe, expect, it } from "vitest";
import { kvFunction, lookupOrder, namespacesToLoad } from "./kv-lookup";

describe("namespace inheritance", () => {
  it("searches the flow's namespace, then its parents, nearest first", () => {
    expect(lookupOrder("a.b.c")).toEqual(["a.b.c", "a.b", "a"]);
    expect(lookupOrder("a.b.c", "a.b.c")).toEqual(["a.b.c", "a.b", "a"]);
  });
  it("searches a namespace named explicitly alone", () => {
    expect(lookupOrder("a.b.c", "a.b")).toEqual(["a.b"]);
    expect(lookupOrder("a.b.c", "other")).toEqual(["other"]);
  });
  it("takes the nearest value when several namespaces hold the key", () => {
    const kv = kvFunction({ "a.b.c": {}, "a.b": { k: "from a.b" }, a: { k: "from a", only: 1 } }, "a.b.c");
    expect(kv("k", undefined, true)).toBe("from a.b");
    expect(kv("only", undefined, true)).toBe(1);
    expect(kv("k", "a", true)).toBe("from a");
  });
  it("fails on a missing key unless errorOnMissing is false", () => {
    const kv = kvFunction({ x: {} }, "x");
    expect(() => kv("nope", undefined, true)).toThrow("The key 'nope' does not exist in the namespace 'x'.");
    expect(kv("nope", undefined, false)).toBeNull();
  });
  it("says so when a namespace was computed and so not loaded", () => {
    expect(() => kvFunction({ "x.y": {} }, "x.y")("k", "x", true)).toThrow(/must be written as text/);
  });
  it("reads the namespaces the server loaded (those the flow may reach); refuses one out of reach by default that was not", () => {
    const kv = kvFunction({ a: {}, "a.b": {}, other: { k: 1 } }, "a.b");
    // Loaded: the server found an allowance (lib/namespaces decides, before the render).
    expect(kv("k", "other", true)).toBe(1);
    expect(() => kv("k", "stranger", true)).toThrow(
      "Cannot access the KV store. Access to 'stranger' namespace is not allowed from 'a.b'.",
    );
    // A prefix that is not a whole parent (a.bc is not under a.b).
    expect(() => kvFunction({ "a.bc": {}, a: {} }, "a.bc")("k", "a.b", true)).toThrow(/not allowed/);
    // Below the flow's namespace it is in reach: not loaded, it was computed.
    expect(() => kv("k", "a.b.c", true)).toThrow(/must be written as text/);
  });
});

describe("namespaces a value may read", () => {
  it("loads the flow's chain and literal namespaces, positional or named", () => {
    const text =
      "{{ kv('a') }} {{ kv('b', 'other.ns') }} {{ kv(key='c', namespace=\"third\") }} {{ kv('d', errorOnMissing=false) }}";
    expect(namespacesToLoad(text, "co.team").sort()).toEqual(["co", "co.team", "other.ns", "third"]);
  });
});
