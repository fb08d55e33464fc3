import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { decoderFor, encoderFor } from "./charsets";
import { javaDateFormat } from "./java-date-format";
import { instantText, javaDoubleText, javaString } from "../../plugin-kit/java-text";
import { JsonSplitter, javaLines } from "./json-split";
import { jsonText } from "./json-text";
import { dateOnlyFields, zonedFields } from "./zoned-fields";

const collect = async <T>(it: AsyncIterable<T>) => {
  const out: T[] = [];
  for await (const v of it) out.push(v);
  return out;
};

describe("Java date patterns (the subset Kestra's defaults use)", () => {
  const at = new Date("2021-05-05T10:21:02.045Z");

  it("formats Kestra's defaults: an instant in UTC, a date alone", () => {
    expect(javaDateFormat("yyyy-MM-dd'T'HH:mm:ss.SSS[XXX]")(zonedFields(at, "UTC"))).toBe("2021-05-05T10:21:02.045Z");
    expect(javaDateFormat("yyyy-MM-dd")(dateOnlyFields(at))).toBe("2021-05-05");
    expect(javaDateFormat("HH:mm:ss[XXX]")(zonedFields(at, "UTC"))).toBe("10:21:02Z");
  });

  it("prints offsets in a zone, skips an optional section whose fields are unknown, fails outside one", () => {
    const paris = zonedFields(at, "Europe/Paris");
    expect(javaDateFormat("yyyy-MM-dd HH:mm XXX|xx|Z|X")(paris)).toBe("2021-05-05 12:21 +02:00|+0200|+0200|+02");
    expect(javaDateFormat("d/M/yy h a, EEEE MMMM, EEE MMM, SS")(zonedFields(at, "-05:30"))).toBe(
      "5/5/21 4 AM, Wednesday May, Wed May, 04",
    );
    expect(javaDateFormat("yyyy-MM-dd['T'HH:mm]")(dateOnlyFields(at))).toBe("2021-05-05");
    expect(() => javaDateFormat("yyyy HH")(dateOnlyFields(at))).toThrow("Unsupported field: HourOfDay");
    expect(() => javaDateFormat("yyyy-MM-dd VV")).toThrow(/Unsupported pattern letter 'V'/);
    expect(() => zonedFields(at, "Mars/Olympus")).toThrow("Unknown time-zone ID: Mars/Olympus");
  });
});

describe("Java's toString of values", () => {
  it("writes doubles as Double.toString, maps and lists as Java does, instants as Instant.toString", () => {
    expect([1.5, 34.03, 1e7, 1.2345e-5, 100.25, -0, Number.NaN, -Infinity].map(javaDoubleText)).toEqual([
      "1.5",
      "34.03",
      "1.0E7",
      "1.2345E-5",
      "100.25",
      "-0.0",
      "NaN",
      "-Infinity",
    ]);
    expect(javaString({ a: 1, b: [true, null, "x"], c: { d: 2.5 } })).toBe("{a=1, b=[true, null, x], c={d=2.5}}");
    expect([instantText(new Date("2021-05-05T10:21:00Z")), instantText(new Date("2021-05-05T00:00:00Z"))]).toEqual([
      "2021-05-05T10:21:00Z",
      "2021-05-05",
    ]);
  });
});

describe("JSON as Kestra's Jackson writes it", () => {
  it("drops null fields (lists keep theirs), escapes control characters in capitals, writes dates with an offset", () => {
    const value = { a: null, b: [null, 1, 2.5, 1e21], s: 'q"\\\n\u0001é', t: new Date("2021-05-05T10:21:02.045Z") };
    expect(jsonText(value, { zone: "Europe/Paris", dropNulls: true })).toBe(
      '{"b":[null,1,2.5,1.0E21],"s":"q\\"\\\\\\n\\u0001é","t":"2021-05-05T12:21:02.045+02:00"}',
    );
    expect(jsonText({ a: null, n: Number.NaN }, { zone: "UTC", dropNulls: false })).toBe('{"a":null,"n":"NaN"}');
  });
});

describe("JSON splitting", () => {
  const split = (text: string, size: number) => {
    const splitter = new JsonSplitter();
    const out: string[] = [];
    for (let i = 0; i < text.length; i += size) out.push(...splitter.push(text.slice(i, i + size)));
    return { pieces: [...out, ...splitter.flush()], array: splitter.startsWithArray };
  };

  it("gives a top-level array's elements, cut anywhere, ignoring what follows the array", () => {
    const doc = ' [ {"a":"x,]}\\"y"}, [1,[2]] ,3, "s]" ,null ] trailing';
    for (const size of [1, 2, 5, 100])
      expect(split(doc, size)).toEqual({ pieces: ['{"a":"x,]}\\"y"}', "[1,[2]]", "3", '"s]"', "null"], array: true });
    expect(split("[]", 1).pieces).toEqual([]);
  });

  it("gives root values one after another otherwise", () => {
    for (const size of [1, 3, 100])
      expect(split('{"a":1}\n{"b":[2]} 42 "x"', size)).toEqual({
        pieces: ['{"a":1}', '{"b":[2]}', "42", '"x"'],
        array: false,
      });
    expect(() => split('[{"a":1}', 3)).toThrow(/close marker for Array/);
  });

  it("cuts lines as Java's readLine: LF, CR, CRLF; no last empty line", async () => {
    expect(await collect(javaLines(Readable.from(["a\r", "\nb\rc\n", "\n", "d"])))).toEqual(["a", "b", "c", "", "d"]);
    expect(await collect(javaLines(Readable.from(["a\n"])))).toEqual(["a"]);
  });
});

describe("charsets as Java names them", () => {
  it("decodes a character split between chunks, Latin-1 as Latin-1, UTF-16 by its byte-order mark", () => {
    const decode = decoderFor("UTF-8");
    const bytes = Buffer.from("\ufeffé€");
    expect([decode(bytes.subarray(0, 4)), decode(bytes.subarray(4)), decode()].join("")).toBe("é€");
    expect(decoderFor("ISO-8859-1")(Buffer.from([0xe9, 0x80]))).toBe("é\u0080");
    const utf16 = decoderFor("UTF-16");
    expect(utf16(Buffer.from([0xff])) + utf16(Buffer.from([0xfe, 0x41, 0x00])) + utf16()).toBe("A");
    expect(() => decoderFor("NOPE-1")).toThrow("Unsupported charset: NOPE-1");
  });

  it("encodes with `?` for what Latin-1 cannot hold, UTF-16 with a byte-order mark once", () => {
    expect(encoderFor("latin1")("é€😀")).toEqual(Buffer.from([0xe9, 0x3f, 0x3f]));
    const utf16 = encoderFor("UTF-16");
    expect(Buffer.concat([utf16("A"), utf16("B")])).toEqual(Buffer.from([0xfe, 0xff, 0, 0x41, 0, 0x42]));
  });
});
