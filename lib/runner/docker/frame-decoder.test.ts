import { describe, expect, it } from "vitest";
import { FrameDecoder } from "./frame-decoder";

function frame(type: number, text: string): Buffer {
  const payload = Buffer.from(text);
  const header = Buffer.alloc(8);
  header[0] = type;
  header.writeUInt32BE(payload.length, 4);
  return Buffer.concat([header, payload]);
}

describe("FrameDecoder", () => {
  const stream = Buffer.concat([frame(1, "out 1\n"), frame(2, "err é\n"), frame(1, ""), frame(1, "out 2\n")]);

  it("decodes whole frames in order", () => {
    const frames = new FrameDecoder().push(stream);
    expect(frames.map((f) => [f.stream, f.payload.toString()])).toEqual([
      ["stdout", "out 1\n"],
      ["stderr", "err é\n"],
      ["stdout", ""],
      ["stdout", "out 2\n"],
    ]);
  });

  it("gives the same frames whatever the chunking, down to single bytes", () => {
    const expected = new FrameDecoder().push(stream).map((f) => `${f.stream}:${f.payload.toString()}`);
    for (let size = 1; size <= stream.length; size++) {
      const d = new FrameDecoder();
      const got: string[] = [];
      for (let i = 0; i < stream.length; i += size)
        got.push(...d.push(stream.subarray(i, i + size)).map((f) => `${f.stream}:${f.payload.toString()}`));
      expect(got, `chunk size ${size}`).toEqual(expected);
      expect(d.pending).toBe(0);
    }
  });

  it("keeps an incomplete frame until the rest arrives", () => {
    const d = new FrameDecoder();
    const f = frame(1, "hello");
    expect(d.push(f.subarray(0, 10))).toEqual([]);
    expect(d.pending).toBe(10);
    expect(d.push(f.subarray(10)).map((x) => x.payload.toString())).toEqual(["hello"]);
  });
});
