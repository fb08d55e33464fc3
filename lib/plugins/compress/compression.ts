import type { Duplex } from "node:stream";
import zlib from "node:zlib";
import { throughTransform } from "./byte-streams";
import type { TCompressionAlgorithm } from "./compress-schemas";
import { throughProgram } from "./host-program";

// Kestra's CompressionAlgorithm values, each as a streaming encoder and decoder. GZIP, DEFLATE (zlib
// format, as commons-compress writes it) and BROTLI are Node's zlib; the others are the server's
// programs (host-program.ts). What neither gives is refused with a message naming the value.

type Codec = (input: AsyncIterable<Uint8Array>, signal: AbortSignal) => AsyncIterable<Uint8Array>;

const node =
  (make: () => Duplex): Codec =>
  (input) =>
    throughTransform(input, make());

const program =
  (label: string, name: string, ...args: string[]): Codec =>
  (input, signal) =>
    throughProgram(input, { program: name, args, label }, signal);

/** A declared dictionary of up to 4 GiB would be allocated: xz refuses past this instead. */
const XZ_MEMORY = "--memlimit-decompress=256MiB";

const DECODERS: Partial<Record<TCompressionAlgorithm, Codec>> = {
  GZIP: node(() => zlib.createGunzip()),
  DEFLATE: node(() => zlib.createInflate()),
  BROTLI: node(() => zlib.createBrotliDecompress()),
  BZIP2: program("BZIP2", "bzip2", "-d", "-c", "-q"),
  XZ: program("XZ", "xz", "-d", "-c", "-q", "--format=xz", XZ_MEMORY),
  LZMA: program("LZMA", "xz", "-d", "-c", "-q", "--format=lzma", XZ_MEMORY),
  ZSTD: program("ZSTD", "zstd", "-d", "-c", "-q"),
  LZ4FRAME: program("LZ4FRAME", "lz4", "-d", "-c", "-q"),
  // gzip reads the LZW `.Z` format of Unix compress.
  Z: program("Z", "gzip", "-d", "-c", "-q"),
};

const ENCODERS: Partial<Record<TCompressionAlgorithm, Codec>> = {
  GZIP: node(() => zlib.createGzip()),
  DEFLATE: node(() => zlib.createDeflate()),
  BROTLI: node(() => zlib.createBrotliCompress()),
  BZIP2: program("BZIP2", "bzip2", "-z", "-c", "-q"),
  XZ: program("XZ", "xz", "-z", "-c", "-q", "--format=xz"),
  LZMA: program("LZMA", "xz", "-z", "-c", "-q", "--format=lzma"),
  ZSTD: program("ZSTD", "zstd", "-z", "-c", "-q"),
  LZ4FRAME: program("LZ4FRAME", "lz4", "-z", "-c", "-q"),
};

const EXTENSIONS: Record<TCompressionAlgorithm, string> = {
  BROTLI: ".br",
  BZIP2: ".bz2",
  DEFLATE: ".deflate",
  DEFLATE64: ".deflate64",
  GZIP: ".gz",
  LZ4BLOCK: ".lz4",
  LZ4FRAME: ".lz4",
  LZMA: ".lzma",
  SNAPPY: ".sz",
  SNAPPYFRAME: ".sz",
  XZ: ".xz",
  Z: ".Z",
  ZSTD: ".zst",
};

export const extensionOf = (algorithm: TCompressionAlgorithm) => EXTENSIONS[algorithm];

const names = (codecs: Partial<Record<TCompressionAlgorithm, Codec>>) => Object.keys(codecs).join(", ");

/** The decoder of `algorithm`; checked before any file is opened. */
export function decoderOf(algorithm: TCompressionAlgorithm): Codec {
  const codec = DECODERS[algorithm];
  if (!codec)
    throw new Error(`compression ${algorithm} cannot be decompressed by Osprey (it reads ${names(DECODERS)})`);
  return codec;
}

/** The encoder of `algorithm`; checked before any file is opened. */
export function encoderOf(algorithm: TCompressionAlgorithm): Codec {
  const codec = ENCODERS[algorithm];
  if (!codec) {
    const readOnly = DECODERS[algorithm] ? `; ${algorithm} can only be decompressed` : "";
    throw new Error(`compression ${algorithm} cannot be written by Osprey (it writes ${names(ENCODERS)})${readOnly}`);
  }
  return codec;
}
