import { describe, expect, it } from "vitest";
import { resolveHeader } from "./csv-header";
import { CsvParseError, CsvParser, type CsvReadOptions, unquote } from "./csv-parser";
import { checkWriteOptions, type CsvWriteOptions, csvRecord, isNumeric } from "./csv-writer";

const READ: CsvReadOptions = {
  separator: ",",
  quote: '"',
  allowExtraCharsAfterClosingQuote: false,
  maxBufferSize: 1024,
  maxFieldSize: 1024,
};

/** Every record of `text` fed in pieces of `size` characters. */
function parse(text: string, size = text.length || 1, options: Partial<CsvReadOptions> = {}) {
  const parser = new CsvParser({ ...READ, ...options });
  const out = [];
  for (let i = 0; i < text.length; i += size) out.push(...parser.push(text.slice(i, i + size)));
  return [...out, ...parser.flush()];
}
const fieldsOf = (text: string, size?: number, options?: Partial<CsvReadOptions>) =>
  parse(text, size, options).map((r) => r.fields);

describe("CSV reading as FastCSV", () => {
  const tricky = 'a,"b ""q""",c\r\n"x\ny",,"z"\n\nlast,"",';
  it("reads quotes, doubled quotes, CR/LF/CRLF, empty lines and a trailing separator, cut anywhere", () => {
    const expected = [["a", 'b "q"', "c"], ["x\ny", "", "z"], [""], ["last", "", ""]];
    for (const size of [1, 2, 3, 7, 100]) expect(fieldsOf(tricky, size)).toEqual(expected);
    expect(parse(tricky).map((r) => [r.line, r.empty])).toEqual([
      [1, false],
      [2, false],
      [4, true],
      [5, false],
    ]);
  });

  it("keeps a quote inside unquoted data, a lone CR ends a line, an unclosed quote keeps what it read", () => {
    expect(fieldsOf('ab"c,d\re\r\r\nf')).toEqual([['ab"c', "d"], ["e"], [""], ["f"]]);
    expect(fieldsOf('a,"open\nstill')).toEqual([["a", "open\nstill"]]);
    expect(fieldsOf("x;y|z", undefined, { separator: ";", quote: "|" })).toEqual([["x", "y|z"]]);
    expect(fieldsOf("|a;b|;c", undefined, { separator: ";", quote: "|" })).toEqual([["a;b", "c"]]);
  });

  it("refuses a character after a closing quote unless allowed, and fields over the limits", () => {
    expect(() => fieldsOf('"a"b,c')).toThrow(new CsvParseError("Unexpected character after closing quote: 'b' (0x62)"));
    expect(fieldsOf('"a"b,c', 2, { allowExtraCharsAfterClosingQuote: true })).toEqual([["ab", "c"]]);
    expect(() => fieldsOf(`col1\n"${"x".repeat(50)}"\n`, 4, { maxBufferSize: 8 })).toThrow(/maximum buffer size of 8/);
    expect(() => fieldsOf("a,bcdef\n", 3, { maxFieldSize: 4 })).toThrow(
      "Field at index 1 in record starting at line 1 exceeds the max field size of 4 characters",
    );
  });

  it("refuses a separator that is the quote or a line break", () => {
    expect(() => new CsvParser({ ...READ, separator: '"' })).toThrow(/Control characters must differ/);
    expect(() => new CsvParser({ ...READ, separator: "\n" })).toThrow("fieldSeparator must not contain newline chars");
  });

  it("unquotes as FastCSV's cleanDelimiters", () => {
    expect([unquote('"a""b"', '"'), unquote('"', '"'), unquote('"ab"cd', '"'), unquote('"x', '"')]).toEqual([
      'a"b',
      "",
      "abcd",
      "x",
    ]);
  });

  it("resolves a header: trailing unnamed columns dropped (DROP) or named col_<i> (RENAME)", () => {
    expect(resolveHeader(["id", "region", "", ""], "DROP")).toMatchObject({ kept: 2 });
    expect(resolveHeader(["a", "", "b"], "DROP")).toMatchObject({ kept: 3, warnings: [] });
    expect(resolveHeader(["", ""], "DROP").kept).toBe(2);
    expect(resolveHeader(["a", "", "col_1", "d", ""], "RENAME").names).toEqual(["a", "col_1_2", "col_1", "d", "col_4"]);
  });
});

describe("CSV writing as FastCSV", () => {
  const options: CsvWriteOptions = { separator: ",", quote: '"', lineDelimiter: "\n", quoteMode: "REQUIRED" };

  it("REQUIRED quotes only what holds the separator, the quote, a line break, or a leading # in the first column", () => {
    expect(csvRecord(["PE1617279780", "E:4 PAST FR", "1", "34.03"], options)).toBe(
      "PE1617279780,E:4 PAST FR,1,34.03\n",
    );
    expect(csvRecord(['say "hi"', "a,b", "x\ny", "c\r", null, ""], options)).toBe(
      '"say ""hi""","a,b","x\ny","c\r",,\n',
    );
    expect(csvRecord(["#1", "#2"], options)).toBe('"#1",#2\n');
  });

  it("ALWAYS quotes every field, empty and null too; NON_NUMERIC every non-empty non-number", () => {
    expect(csvRecord(["a", "", null], { ...options, quoteMode: "ALWAYS", lineDelimiter: "\r\n" })).toBe(
      '"a","",""\r\n',
    );
    expect(csvRecord(["test", "42", "-7", "3.14", "-0.5", "12abc", ""], { ...options, quoteMode: "NON_NUMERIC" })).toBe(
      '"test",42,-7,3.14,-0.5,"12abc",\n',
    );
    expect(["1.2.3", "+", "-", "+5", ".", "1e5"].map(isNumeric)).toEqual([false, false, false, true, true, false]);
  });

  it("accepts only the line delimiters FastCSV knows and distinct control characters", () => {
    expect(() => checkWriteOptions({ ...options, lineDelimiter: ";" })).toThrow("Unknown line delimiter: ;");
    expect(() => checkWriteOptions({ ...options, separator: "#" })).toThrow(/Control characters must differ/);
  });
});
