import type { Decoder, Encoder } from "./charsets";

// A converter reads text and writes text; these stream both ends in bounded memory, and give the
// storage few large chunks rather than one per record.

/** About this many characters are joined before they are encoded and handed on. */
const BATCH_CHARS = 64 * 1024;

/** The text of a byte stream, chunk by chunk; stops with the signal's reason on a kill. */
export async function* decodeText(
  bytes: AsyncIterable<Uint8Array>,
  decode: Decoder,
  signal?: AbortSignal,
): AsyncGenerator<string> {
  for await (const chunk of bytes) {
    signal?.throwIfAborted();
    const text = decode(chunk);
    if (text) yield text;
  }
  const rest = decode();
  if (rest) yield rest;
}

/** Pieces of text as bytes, joined into chunks of about BATCH_CHARS. */
export async function* encodeText(texts: AsyncIterable<string>, encode: Encoder): AsyncGenerator<Buffer> {
  let parts: string[] = [];
  let length = 0;
  for await (const text of texts) {
    parts.push(text);
    length += text.length;
    if (length >= BATCH_CHARS) {
      yield encode(parts.join(""));
      parts = [];
      length = 0;
    }
  }
  if (length > 0) yield encode(parts.join(""));
}

/** Small byte chunks (ionLines gives one per record) joined into chunks of about BATCH_CHARS bytes. */
export async function* batchBytes(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<Buffer> {
  let parts: Uint8Array[] = [];
  let length = 0;
  for await (const chunk of chunks) {
    parts.push(chunk);
    length += chunk.length;
    if (length >= BATCH_CHARS) {
      yield Buffer.concat(parts, length);
      parts = [];
      length = 0;
    }
  }
  if (length > 0) yield Buffer.concat(parts, length);
}
