import { describe, expect, it } from "vitest";
import { checkKvAccess, kvFunction, lookupOrder, namespacesToLoad } from "./kv-lookup";

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
  it("reaches the flow's own namespace and its parents only", () => {
    expect(() => checkKvAccess("a.b.c", "a.b.c")).not.toThrow();
    expect(() => checkKvAccess("a.b.c", "a.b")).not.toThrow();
    expect(() => checkKvAccess("a.b.c", "a")).not.toThrow();
    expect(() => checkKvAccess("a.b.c", "a.b.c.d")).toThrow("Cannot access the KV store. Access to 'a.b.c.d' namespace is not allowed from 'a.b.c'.");
    expect(() => checkKvAccess("a.b.c", "a.x")).toThrow(/not allowed/);
    // A prefix that is not a whole parent (a.bc is not under a.b).
    expect(() => checkKvAccess("a.bc", "a.b")).toThrow(/not allowed/);
    expect(() => kvFunction({ a: {}, "a.b": {}, other: { k: 1 } }, "a.b")("k", "other", true)).toThrow(/not allowed/);
  });
});

describe("namespaces a value may read", () => {
  it("loads the flow's chain and literal namespaces, positional or named", () => {
    const text = "{{ kv('a') }} {{ kv('b', 'other.ns') }} {{ kv(key='c', namespace=\"third\") }} {{ kv('d', errorOnMissing=false) }}";
    expect(namespacesToLoad(text, "co.team").sort()).toEqual(["co", "co.team", "other.ns", "third"]);
  });
});
