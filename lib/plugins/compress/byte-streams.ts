import { Readable, type Duplex } from "node:stream";
import { formatBytes } from "../../values/values";

// Bytes as async iterables: what the port's openFile gives (a stream) and putFile takes (chunks).

/** `input` through a Node transform (zlib…), with backpressure; an error on either side ends the iteration. */
export async function* throughTransform(
  input: AsyncIterable<Uint8Array>,
  transform: Duplex,
): AsyncGenerator<Uint8Array> {
  const source = Readable.from(input, { objectMode: false });
  // pipe() does not forward a source's error: the transform carries it to the reader.
  source.on("error", (err) => transform.destroy(err));
  source.pipe(transform);
  try {
    for await (const chunk of transform) yield chunk as Uint8Array;
  } finally {
    source.destroy();
    transform.destroy();
  }
}

/** A stream's chunks as bytes (streamx and Node streams type their chunks loosely). */
export async function* bytesOf(stream: AsyncIterable<unknown>): AsyncGenerator<Uint8Array> {
  for await (const chunk of stream) yield chunk as Uint8Array;
}

/** Bytes a decompression may still produce, shared by every entry of an archive. */
export class ByteBudget {
  private taken = 0;

  constructor(
    private readonly max: number,
    private readonly what: string,
  ) {}

  get used(): number {
    return this.taken;
  }

  take(bytes: number): void {
    this.taken += bytes;
    if (this.taken > this.max)
      throw new Error(
        `${this.what} expands past ${formatBytes(this.max)} (${this.max} bytes, maxSize): stopped, as a decompression bomb would be`,
      );
  }
}

/** `input` counted against `budget` as it passes: the first chunk past it ends the stream with an error. */
export async function* counted(input: AsyncIterable<Uint8Array>, budget: ByteBudget): AsyncGenerator<Uint8Array> {
  for await (const chunk of input) {
    budget.take(chunk.length);
    yield chunk;
  }
}

/** All of a stream, when it is known to be small (a link's target). */
export async function smallText(input: AsyncIterable<Uint8Array>, max: number, what: string): Promise<string> {
  const parts: Buffer[] = [];
  let size = 0;
  for await (const chunk of input) {
    size += chunk.length;
    if (size > max) throw new Error(`${what} is longer than ${max} bytes`);
    parts.push(Buffer.from(chunk));
  }
  return Buffer.concat(parts).toString("utf8");
}
