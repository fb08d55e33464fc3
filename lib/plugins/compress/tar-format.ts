import { Readable } from "node:stream";
import { extract as tarExtract, pack as tarPack } from "tar-stream";
import { bytesOf } from "./byte-streams";
import type { ArchiveEntry, EntryHandler } from "./extraction";
import type { OpenSource, SourceEntry } from "./archive-sources";

// TAR with tar-stream, both ways streamed: long names are PAX headers (Kestra sets LONGFILE_POSIX).

const KINDS: Partial<Record<string, ArchiveEntry["kind"]>> = {
  file: "file",
  "contiguous-file": "file",
  directory: "directory",
  symlink: "symlink",
  link: "hard link",
};

/** Hands each entry of the TAR `input` to `onEntry`, in order. */
export async function readTar(input: AsyncIterable<Uint8Array>, onEntry: EntryHandler): Promise<void> {
  const extract = tarExtract();
  const source = Readable.from(input, { objectMode: false });
  source.on("error", (err) => extract.destroy(err));
  source.pipe(extract);
  try {
    for await (const entry of extract) {
      const { name, type, linkname } = entry.header;
      await onEntry.add({
        name,
        kind: KINDS[type ?? "file"] ?? "other",
        linkName: linkname ?? undefined,
        content: bytesOf(entry),
      });
      // What the handler did not read (a folder, a skipped entry) is passed over.
      entry.resume();
    }
  } finally {
    source.destroy();
    extract.destroy();
  }
}

/** The TAR of `entries`, each file opened only when its turn comes. */
export async function* writeTar(entries: SourceEntry[], open: OpenSource): AsyncGenerator<Uint8Array> {
  const pack = tarPack();
  let current: Readable | undefined;
  const mtime = new Date();
  const writing = (async () => {
    for (const { name, uri } of entries) {
      const file = await open(uri);
      current = file.stream;
      // tar-stream reports the entry's end (or its error, e.g. a size mismatch) to this callback.
      let settle: (err?: Error | null) => void = () => {};
      const written = new Promise<Error | null | undefined>((resolve) => {
        settle = resolve;
      });
      const sink = pack.entry({ name, size: file.size, mtime, mode: 0o644, type: "file" }, (err) => settle(err));
      for await (const chunk of file.stream) {
        if (sink.write(chunk)) continue;
        // A destroyed pack closes the sink and never drains it.
        await new Promise((resolve) => {
          sink.once("drain", () => resolve(undefined));
          sink.once("close", () => resolve(undefined));
        });
      }
      sink.end(null);
      const failed = await written;
      if (failed) throw failed;
    }
    pack.finalize();
  })();
  // A failure while writing ends the reading below with that error.
  writing.catch((err: Error) => pack.destroy(err));
  try {
    yield* bytesOf(pack);
    await writing;
  } finally {
    current?.destroy();
    pack.destroy();
  }
}
