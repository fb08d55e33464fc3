import { describe, expect, it } from "vitest";
import { LineSplitter, TRUNCATION_MARKER } from "./line-splitter";

function splitAll(chunks: (string | Buffer)[], max?: number): string[] {
  const s = new LineSplitter(max);
  return [...chunks.flatMap((c) => s.push(typeof c === "string" ? Buffer.from(c) : c)), ...s.flush()];
}

describe("LineSplitter", () => {
  it("splits lines across arbitrary chunk boundaries", () => {
    expect(splitAll(["he", "llo\nwor", "ld\n", "\nlast"])).toEqual(["hello", "world", "", "last"]);
  });

  it("gives the same lines whatever the chunking", () => {
    const text = "alpha\nbeta\r\ngamma\n\ndelta";
    const expected = ["alpha", "beta", "gamma", "", "delta"];
    for (let size = 1; size <= text.length; size++) {
      const chunks: string[] = [];
      for (let i = 0; i < text.length; i += size) chunks.push(text.slice(i, i + size));
      expect(splitAll(chunks)).toEqual(expected);
    }
  });

  it("keeps a multi-byte character cut between two chunks whole", () => {
    const bytes = Buffer.from("é😀\n");
    const chunks = [...bytes].map((b) => Buffer.from([b]));
    expect(splitAll(chunks)).toEqual(["é😀"]);
  });

  it("strips \\r only before \\n and emits no line for a trailing newline", () => {
    expect(splitAll(["a\r\nb\rc\n"])).toEqual(["a", "b\rc"]);
  });

  it("cuts a runaway line and marks it, then carries on", () => {
    const lines = splitAll(["x".repeat(50), "y".repeat(50), "\nnext\n"], 10);
    expect(lines).toEqual([`${"x".repeat(10)}${TRUNCATION_MARKER}`, "next"]);
  });

  it("returns nothing for an empty stream", () => {
    expect(splitAll([])).toEqual([]);
  });
});
