import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { ionLines, ionText, javaDouble, readIon } from "./ion-text";

const collect = async <T>(it: AsyncIterable<T>) => {
  const out: T[] = [];
  for await (const v of it) out.push(v);
  return out;
};

describe("Ion text as Kestra writes it", () => {
  it("writes structs with bare or quoted field names, escaped strings, ints, floats and timestamps", () => {
    expect(
      ionText({
        id: "1",
        name: 'Alice "A"\tx',
        null: null,
        "col name": "",
        é: "café\n",
        true: "x",
        _ok$1: "y",
        "": "e",
      }),
    ).toBe(`{id:"1",name:"Alice \\"A\\"\\tx",'null':null,'col name':"",'é':"café\\n",'true':"x",_ok$1:"y",'':"e"}`);
    expect(ionText({ i: 1, d: 1.5, big: 12345678901, t: new Date("2021-05-05T10:21:12.123Z"), l: ["a", "b"] })).toBe(
      '{i:1,d:1.5e0,big:12345678901,t:2021-05-05T10:21:12.123Z,l:["a","b"]}',
    );
    expect([javaDouble(3.200000047683716), javaDouble(1e21), javaDouble(0.0001), javaDouble(100.5)]).toEqual([
      "3.200000047683716e0",
      "1.0e21",
      "1.0e-4",
      "100.5e0",
    ]);
  });

  it("writes a value per line with no newline after the last, and reads it back split anywhere", async () => {
    const rows = [{ a: "x\ny" }, { a: 2, b: [1, null] }, ["p", "q"]];
    const text = Buffer.concat(await collect(ionLines(rows))).toString();
    expect(text).toBe('{a:"x\\ny"}\n{a:2,b:[1,null]}\n["p","q"]');
    const chunks = text.match(/.{1,3}/gs)!;
    expect(await collect(readIon(Readable.from(chunks)))).toEqual(rows);
    expect(await collect(readIon(Readable.from(["{a:\n  1}\n", "{a:2}"])))).toEqual([{ a: 1 }, { a: 2 }]);
    // A character whose bytes arrive in two chunks.
    const bytes = Buffer.from('{a:"é"}');
    expect(await collect(readIon(Readable.from([bytes.subarray(0, 5), bytes.subarray(5)])))).toEqual([{ a: "é" }]);
  });
});
