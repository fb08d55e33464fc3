import { createWriteStream } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import yauzl from "yauzl";
import yazl from "yazl";
import type { OpenSource, SourceEntry } from "./archive-sources";
import type { ArchiveEntry, EntryHandler } from "./extraction";

// ZIP (and JAR, a ZIP) with yazl and yauzl. Reading needs the central directory at the end, so the
// archive is first copied to a private temporary file (the size of the archive, never of what it
// holds); entries are then inflated one at a time, their declared sizes checked by yauzl.

const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;

/** Hands each entry of the ZIP `input` to `onEntry`, in the central directory's order. */
export async function readZip(
  input: AsyncIterable<Uint8Array>,
  onEntry: EntryHandler,
  maxEntries: number,
): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), "osprey-zip-"));
  try {
    const path = join(dir, "archive.zip");
    await pipeline(Readable.from(input, { objectMode: false }), createWriteStream(path, { mode: 0o600 }));
    const zip = await openZip(path);
    try {
      // The central directory tells the count before anything is inflated.
      if (zip.entryCount > maxEntries)
        throw new Error(`the archive holds ${zip.entryCount} entries, more than ${maxEntries} (maxEntries): stopped`);
      // Every name is checked before the first file is stored.
      const entries: ArchiveEntry[] = [];
      for await (const entry of zip.eachEntry()) {
        entries.push(entryOf(zip, entry));
        onEntry.check(entries[entries.length - 1].name);
      }
      for (const entry of entries) await onEntry.add(entry);
    } finally {
      zip.close();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function openZip(path: string): Promise<yauzl.ZipFile> {
  try {
    // Names are decoded below, so that a bad one is refused with the family's own message.
    return await yauzl.openPromise(path, { lazyEntries: true, decodeStrings: false, autoClose: false });
  } catch (err) {
    throw new Error(`not a ZIP archive: ${(err as Error).message}`);
  }
}

function entryOf(zip: yauzl.ZipFile, entry: yauzl.Entry): ArchiveEntry {
  const name = yauzl.getFileNameLowLevel(entry.generalPurposeBitFlag, entry.fileNameRaw, entry.extraFields, false);
  if (entry.isEncrypted()) throw new Error(`archive entry ${JSON.stringify(name)} is encrypted: not supported`);
  const unixType = (entry.externalFileAttributes >>> 16) & S_IFMT;
  const kind = name.endsWith("/") ? "directory" : unixType === S_IFLNK ? "symlink" : "file";
  if (kind !== "directory" && !entry.canDecodeFileData())
    throw new Error(
      `archive entry ${JSON.stringify(name)} uses compression method ${entry.compressionMethod}: only stored and deflated entries are read`,
    );
  return { name, kind, content: lazyContent(zip, entry) };
}

/** Opened only when read: a folder's or a skipped entry's data is never inflated. */
async function* lazyContent(zip: yauzl.ZipFile, entry: yauzl.Entry): AsyncGenerator<Uint8Array> {
  const stream = await zip.openReadStreamPromise(entry);
  try {
    for await (const chunk of stream) yield chunk as Uint8Array;
  } finally {
    stream.destroy();
  }
}

/** The ZIP of `entries`, each file opened only when its turn comes (deflated, ZIP64 when needed). */
export async function* writeZip(entries: SourceEntry[], open: OpenSource): AsyncGenerator<Uint8Array> {
  const zip = new yazl.ZipFile();
  const output = zip.outputStream as Readable;
  let current: Readable | undefined;
  const mtime = new Date();
  zip.on("error", (err: Error) => output.destroy(err));
  for (const { name, uri } of entries) {
    zip.addReadStreamLazy(name, { mtime, mode: 0o100644 }, (callback) => {
      open(uri).then(
        (file) => {
          current = file.stream;
          callback(null, file.stream);
        },
        (err: unknown) => callback(err, undefined as unknown as NodeJS.ReadableStream),
      );
    });
  }
  zip.end();
  try {
    for await (const chunk of output) yield chunk as Uint8Array;
  } finally {
    current?.destroy();
    output.destroy();
  }
}
