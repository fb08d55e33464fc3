import { describe, expect, it } from "vitest";
import { deepMerge, flattenToNestedMap, mergeKvValue } from "./kv-put-merge";

// Kestra's MapUtils.deepMerge / flattenToNestedMap and Put.mergeValues, as pure functions.
describe("kv.Put's merge", () => {
  it("deep-merges: b over a, nulls keep a's, lists add only what a lacks (by content)", () => {
    expect(
      deepMerge({ a: { x: 1 }, l: [{ k: 1 }, 2], s: "a", n: 1 }, { a: { y: 2 }, l: [{ k: 1 }, 3], s: null, n: [1] }),
    ).toEqual({ a: { x: 1, y: 2 }, l: [{ k: 1 }, 2, 3], s: "a", n: [1] });
  });

  it("does not change the stored value it merges into", () => {
    const stored = { a: { x: 1 } };
    deepMerge(stored, { a: { y: 2 } });
    expect(stored).toEqual({ a: { x: 1 } });
  });

  it("nests dotted keys; a key conflicting with an earlier one is ignored; a trailing dot is dropped as Java's split does", () => {
    expect(
      flattenToNestedMap(
        new Map<string, unknown>([
          ["a.b", 1],
          ["a.c.d", 2],
          ["e.", 3],
        ]),
      ),
    ).toEqual({
      a: { b: 1, c: { d: 2 } },
      e: 3,
    });
    expect(
      flattenToNestedMap(
        new Map<string, unknown>([
          ["x.y", 1],
          ["x", 2],
        ]),
      ),
    ).toEqual({ x: { y: 1 } });
    // Kestra skips a path segment that is already a value, and puts the rest one level up.
    expect(
      flattenToNestedMap(
        new Map<string, unknown>([
          ["a.b", 1],
          ["a.b.c", 2],
        ]),
      ),
    ).toEqual({ a: { b: 1, c: 2 } });
    expect(() => flattenToNestedMap(new Map([["..", 1]]))).toThrow(/has no field name/);
  });

  it("tells entry lists from plain lists: only maps holding `value` and nothing but `key`/`value` are entries", () => {
    expect(mergeKvValue({ a: 1 }, [{ key: "b", value: 2 }])).toEqual({ a: 1, b: 2 });
    expect(mergeKvValue({ a: 1 }, [{ value: 2 }])).toBe(2);
    expect(mergeKvValue({ a: 1 }, [{ key: "b" }])).toEqual([{ key: "b" }]);
    expect(mergeKvValue({ a: 1 }, [{ key: "b", value: 1, extra: 1 }])).toEqual([{ key: "b", value: 1, extra: 1 }]);
    expect(mergeKvValue({ a: 1 }, [])).toEqual([]);
    expect(mergeKvValue("text", { a: 1 })).toEqual({ a: 1 });
    expect(mergeKvValue({ a: 1 }, "text")).toBe("text");
    expect(mergeKvValue(null, [{ key: "a.b", value: null }])).toEqual({ a: { b: null } });
  });
});
