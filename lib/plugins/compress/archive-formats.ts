import type { OpenSource, SourceEntry } from "./archive-sources";
import type { TArchiveAlgorithm } from "./compress-schemas";
import type { EntryHandler } from "./extraction";
import { readTar, writeTar } from "./tar-format";
import { readZip, writeZip } from "./zip-format";

// Kestra's ArchiveAlgorithm values Osprey reads and writes; the others are refused by name.

interface ArchiveFormat {
  extension: string;
  write(entries: SourceEntry[], open: OpenSource): AsyncIterable<Uint8Array>;
  read(input: AsyncIterable<Uint8Array>, onEntry: EntryHandler, maxEntries: number): Promise<void>;
}

const ZIP: ArchiveFormat = { extension: ".zip", write: writeZip, read: readZip };

const FORMATS: Partial<Record<TArchiveAlgorithm, ArchiveFormat>> = {
  ZIP,
  // A JAR is a ZIP (Java's JarArchiveInputStream reads any ZIP).
  JAR: { ...ZIP, extension: ".jar" },
  TAR: { extension: ".tar", write: writeTar, read: (input, onEntry) => readTar(input, onEntry) },
};

/** The format of `algorithm`; checked before any file is opened. */
export function archiveFormat(algorithm: TArchiveAlgorithm): ArchiveFormat {
  const format = FORMATS[algorithm];
  if (!format)
    throw new Error(
      `algorithm ${algorithm} is not supported by Osprey (it reads and writes ${Object.keys(FORMATS).join(", ")})`,
    );
  return format;
}
