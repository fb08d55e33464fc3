import { describe, expect, it } from "vitest";
import { TRUNCATION_MARKER } from "../logs/line-splitter";
import { type OutputLine, type OutputLineLimits, OutputLineSplitter } from "./output-lines";

function splitAll(chunks: (string | Buffer)[], limits: OutputLineLimits): OutputLine[] {
  const s = new OutputLineSplitter(limits);
  return [...chunks.flatMap((c) => s.push(typeof c === "string" ? Buffer.from(c) : c)), ...s.flush()];
}

/** `text` cut into pieces of `size` bytes (multi-byte characters split too). */
function chunked(text: string, size: number): Buffer[] {
  const bytes = Buffer.from(text);
  const out: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += size) out.push(bytes.subarray(i, i + size));
  return out;
}

const outputsLine = (chars: number) => `::{"outputs":{"big":"${"é".repeat(chars)}"}}::`;

describe("OutputLineSplitter", () => {
  it("gives the same lines whatever the chunking, \\r\\n and multi-byte characters included", () => {
    const text = 'alpha\nbé😀ta\r\n  ::{"outputs":{"a":1}}::\n\nlast';
    const expected = ["alpha", "bé😀ta", '  ::{"outputs":{"a":1}}::', "", "last"];
    for (let size = 1; size <= Buffer.byteLength(text); size++)
      expect(splitAll(chunked(text, size), { maxProtocolBytes: 1_000 })).toEqual(expected);
  });

  it("cuts an ordinary line at its limit and says so, then carries on", () => {
    expect(
      splitAll(["x".repeat(50), "y".repeat(50), "\nnext\n"], { maxLineChars: 10, maxProtocolBytes: 1_000 }),
    ).toEqual([`${"x".repeat(10)}${TRUNCATION_MARKER}`, "next"]);
  });

  it("keeps a ::{ line longer than an ordinary line whole, up to its own limit in bytes", () => {
    const line = outputsLine(500); // 1,026 bytes: é is two
    for (const size of [1, 7, 64, 4_096]) {
      expect(
        splitAll([...chunked(`${line}\n`, size), "after\n"], { maxLineChars: 100, maxProtocolBytes: 1_026 }),
      ).toEqual([line, "after"]);
    }
  });

  it("gives only the size of a ::{ line past its limit, however it was chunked, and carries on", () => {
    const line = outputsLine(500);
    for (const size of [1, 7, 64, 4_096]) {
      expect(
        splitAll([...chunked(`${line}\r\n`, size), "after"], { maxLineChars: 100, maxProtocolBytes: 1_025 }),
      ).toEqual([{ oversized: true, bytes: 1_026, maxBytes: 1_025 }, "after"]);
    }
    // Also below the ordinary line's limit, and at the end of the stream without a newline.
    expect(splitAll([outputsLine(10)], { maxLineChars: 1_000, maxProtocolBytes: 30 })).toEqual([
      { oversized: true, bytes: 46, maxBytes: 30 },
    ]);
  });

  it("counts an oversized line to its end without keeping it", () => {
    const s = new OutputLineSplitter({ maxLineChars: 10, maxProtocolBytes: 100 });
    expect(s.push('::{"outputs":{"a":"')).toEqual([]);
    for (let i = 0; i < 1_000; i++) expect(s.push("x".repeat(1_000))).toEqual([]);
    expect(s.push('"}}::\nnext\n')).toEqual([{ oversized: true, bytes: 1_000_024, maxBytes: 100 }, "next"]);
  });

  it("cuts as text a long line that began like data but does not end like it", () => {
    const line = `::{ not data ${"z".repeat(200)}`;
    expect(splitAll([`${line}\n`], { maxLineChars: 20, maxProtocolBytes: 1_000 })).toEqual([
      `${line.slice(0, 20)}${TRUNCATION_MARKER}`,
    ]);
  });

  it("reads no ::{ lines where there are none (stderr): they are cut like any other", () => {
    expect(splitAll([`${outputsLine(100)}\n`], { maxLineChars: 10, maxProtocolBytes: 0 })).toEqual([
      `::{"output${TRUNCATION_MARKER}`,
    ]);
  });

  it("returns nothing for an empty stream", () => {
    expect(splitAll([], { maxProtocolBytes: 1_000 })).toEqual([]);
  });
});
