import { describe, expect, it } from "vitest";
import { parseByteSize } from "../values/values";
import { linesOf, splitLines, splitRuleOf } from "./split-lines";

describe("splitLines (Kestra's StorageService.split)", () => {
  const ten = `${Array.from({ length: 10 }, (_, i) => `row${i + 1}`).join("\n")}\n`;

  it("cuts by rows, the last piece holding the rest", () => {
    const pieces = splitLines(ten, { rows: 3, separator: "\n" });
    expect(pieces).toEqual(["row1\nrow2\nrow3\n", "row4\nrow5\nrow6\n", "row7\nrow8\nrow9\n", "row10\n"]);
  });

  it("defaults to one row per piece and reads \\r\\n, \\r and a missing final newline", () => {
    expect(linesOf("a\r\nb\rc")).toEqual(["a", "b", "c"]);
    expect(splitLines("a\r\nb\rc", splitRuleOf({}))).toEqual(["a\n", "b\n", "c\n"]);
  });

  it("deals lines to partitions in turn and drops empty ones", () => {
    expect(splitLines("1\n2\n3\n4\n5\n", { partitions: 2, separator: "\n" })).toEqual(["1\n3\n5\n", "2\n4\n"]);
    expect(splitLines("1\n", { partitions: 3, separator: "\n" })).toEqual(["1\n"]);
  });

  it("closes a piece once it holds at least `bytes`, never cutting a line", () => {
    // Each piece "abc;" is 4 bytes: with 6 bytes a piece takes a second line, then is full.
    expect(splitLines("abc\nabc\nabc\n", { bytes: 6, separator: ";" })).toEqual(["abc;abc;", "abc;"]);
  });

  it("reads sizes 1024-based and refuses nonsense", () => {
    expect(parseByteSize("10KB")).toBe(10_240);
    expect(parseByteSize("1MB")).toBe(1_048_576);
    expect(() => parseByteSize("lots")).toThrow(/invalid size/);
    expect(() => splitLines("a\n", { rows: 0, separator: "\n" })).toThrow(/rows/);
  });
});
