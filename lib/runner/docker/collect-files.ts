import type Docker from "dockerode";
import picomatch from "picomatch";
import type { Readable } from "node:stream";
import { extract } from "tar-stream";
import type { FileSink } from "../file-sink";
import { DockerError, engineMessage, statusCodeOf } from "./docker-error";

/**
 * Streams files out of a stopped container through the Docker API (get archive) into `sink`:
 * every regular file under `dir` whose path relative to it matches one of `globs` (all files
 * when `globs` is "all"). Nothing is buffered whole; when the sink refuses a file (a cap) the
 * archive is destroyed at once, so the engine stops sending (a 16 GB file is not read through).
 */
export async function collectFiles(
  container: Docker.Container,
  dir: string,
  globs: string[] | "all",
  sink: FileSink,
): Promise<void> {
  if (globs !== "all" && globs.length === 0) return;
  let archive: Readable;
  try {
    archive = (await container.getArchive({ path: dir })) as unknown as Readable;
  } catch (err) {
    if (statusCodeOf(err) === 404) return;
    throw new DockerError(`cannot copy files out of the container: ${engineMessage(err)}`, {
      containerId: container.id,
    });
  }
  const matches = globs === "all" ? () => true : picomatch(globs, { dot: true });
  const root = `${dir.split("/").filter(Boolean).pop()}/`;
  const untar = extract();
  try {
    await new Promise<void>((resolve, reject) => {
      untar.on("entry", (header, stream, next) => {
        const name = header.name.startsWith(root) ? header.name.slice(root.length) : header.name;
        if (header.type !== "file" || !name || !matches(name)) {
          stream.on("end", next);
          stream.resume();
          return;
        }
        sink.accept(name, header.size, stream as AsyncIterable<Uint8Array>).then(() => next(), reject);
      });
      untar.on("finish", resolve);
      untar.on("error", reject);
      archive.on("error", (err) =>
        reject(
          new DockerError(`cannot copy files out of the container: ${engineMessage(err)}`, {
            containerId: container.id,
          }),
        ),
      );
      archive.pipe(untar);
    });
  } catch (err) {
    // Close the engine's connection now: the rest of the archive is never read.
    archive.unpipe(untar);
    archive.destroy();
    untar.destroy();
    throw err;
  }
}
