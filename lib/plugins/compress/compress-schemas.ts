import { z } from "zod";
import type { PluginTaskSchema } from "../../plugin-kit/plugin-task";
import { ZExpression, ZNumber } from "../../plugin-kit/props";

// Kestra's compress tasks (plugin-compress): archives (ZIP, JAR, TAR…) and single-file compressors
// (GZIP, BZIP2…). Client-safe: no run code here; the enums are Kestra's, whole.

const PKG = "io.kestra.plugin.compress";

/** Kestra's AbstractArchive.ArchiveAlgorithm. */
export const ARCHIVE_ALGORITHMS = ["AR", "ARJ", "CPIO", "DUMP", "JAR", "TAR", "ZIP"] as const;
export const ZArchiveAlgorithm = z.enum(ARCHIVE_ALGORITHMS);
export type TArchiveAlgorithm = z.infer<typeof ZArchiveAlgorithm>;

/** Kestra's AbstractTask.CompressionAlgorithm. */
export const COMPRESSION_ALGORITHMS = [
  "BROTLI",
  "BZIP2",
  "DEFLATE",
  "DEFLATE64",
  "GZIP",
  "LZ4BLOCK",
  "LZ4FRAME",
  "LZMA",
  "SNAPPY",
  "SNAPPYFRAME",
  "XZ",
  "Z",
  "ZSTD",
] as const;
export const ZCompressionAlgorithm = z.enum(COMPRESSION_ALGORITHMS);
export type TCompressionAlgorithm = z.infer<typeof ZCompressionAlgorithm>;

/** Osprey's ceiling on the entries an archive may hold when it is read (a flow may set a lower one). */
export const MAX_ENTRIES = 10_000;
/** Osprey's default for the bytes a decompression may produce (the server's output file caps apply too). */
export const DEFAULT_MAX_SIZE = 2 * 1024 ** 3;

const fromUri = (what: string) =>
  z
    .string()
    .min(1)
    .describe(`URI of the stored ${what}, e.g. \`{{ inputs.file }}\` or \`{{ outputs.download.uri }}\`.`);

const algorithm = z
  .union([ZArchiveAlgorithm, ZExpression])
  .describe("Archive format: ZIP, JAR (a ZIP) or TAR. Kestra's AR, CPIO, ARJ and DUMP are refused with a message.");
const archiveCompression = z
  .union([ZCompressionAlgorithm, ZExpression])
  .optional()
  .describe("Compressor around the archive stream, e.g. GZIP for a `.tar.gz`. Leave unset for none.");
const fileCompression = z
  .union([ZCompressionAlgorithm, ZExpression])
  .describe(
    "Compression algorithm: GZIP, DEFLATE (zlib), BROTLI; BZIP2, XZ, LZMA, ZSTD, LZ4FRAME through the server's programs; Z to decompress only.",
  );

/** Osprey's own safety limits for reading compressed data (Kestra has none). */
const readLimits = {
  maxSize: ZNumber.optional().describe(
    `Osprey: most bytes the decompression may produce, in all. Default ${DEFAULT_MAX_SIZE} (2 GiB); the server's output file limits apply as well.`,
  ),
};

const archiveCompress: PluginTaskSchema = {
  type: `${PKG}.ArchiveCompress`,
  aliases: [],
  title: "Create an archive from multiple files",
  description:
    "Build a ZIP, JAR or TAR archive from stored files, optionally compressed (TAR + GZIP is a `.tar.gz`). Outputs `uri`.",
  shape: {
    from: z
      .union([z.record(z.string(), z.string()), z.array(z.record(z.string(), z.string())), z.string().min(1)])
      .describe(
        "Entry name in the archive → URI of the stored file, e.g. `{myfile.txt: '{{ inputs.file }}'}`; or an expression rendering such a map as JSON (`{{ outputs.unzip.files }}`), a list of maps, or the URI of an Ion file of such maps.",
      ),
    algorithm,
    compression: archiveCompression,
  },
};

const archiveDecompress: PluginTaskSchema = {
  type: `${PKG}.ArchiveDecompress`,
  aliases: [],
  title: "Extract files from an archive",
  description:
    "Store every file of a ZIP, JAR or TAR archive (optionally compressed). Outputs `files`: entry path → URI (spaces in stored names become `_`). Absolute paths, `..` and links leading outside are refused; entries and bytes are capped.",
  shape: {
    from: fromUri("archive"),
    algorithm,
    compression: archiveCompression,
    maxEntries: ZNumber.optional().describe(
      `Osprey: most entries (files, folders, links) the archive may hold. Default and ceiling ${MAX_ENTRIES}.`,
    ),
    ...readLimits,
  },
};

const fileCompress: PluginTaskSchema = {
  type: `${PKG}.FileCompress`,
  aliases: [],
  title: "Compress a single file",
  description: "Compress one stored file. Outputs `uri`.",
  shape: { from: fromUri("file"), compression: fileCompression },
};

const fileDecompress: PluginTaskSchema = {
  type: `${PKG}.FileDecompress`,
  aliases: [],
  title: "Decompress a single file",
  description: "Decompress one stored file, stopped at `maxSize` bytes. Outputs `uri`.",
  shape: { from: fromUri("compressed file"), compression: fileCompression, ...readLimits },
};

export const COMPRESS_SCHEMAS: readonly PluginTaskSchema[] = [
  archiveCompress,
  archiveDecompress,
  fileCompress,
  fileDecompress,
];
