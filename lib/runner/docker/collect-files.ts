import type Docker from "dockerode";
import picomatch from "picomatch";
import { extract } from "tar-stream";
import { DockerError, engineMessage, statusCodeOf } from "./docker-error";

export interface CollectedFile {
  name: string;
  content: Buffer;
}

/** Most bytes of output files one task may keep; more fails the task with a clear message. */
export const MAX_OUTPUT_BYTES = 256 * 1024 * 1024;

/**
 * Copies files out of a stopped container through the Docker API (get archive): every regular
 * file under `dir` whose path relative to it matches one of `globs` (all files when `globs` is "*all*").
 */
export async function collectFiles(container: Docker.Container, dir: string, globs: string[] | "all"): Promise<CollectedFile[]> {
  if (globs !== "all" && globs.length === 0) return [];
  let archive: NodeJS.ReadableStream;
  try {
    archive = await container.getArchive({ path: dir });
  } catch (err) {
    if (statusCodeOf(err) === 404) return [];
    throw new DockerError(`cannot copy files out of the container: ${engineMessage(err)}`, { containerId: container.id });
  }
  const matches = globs === "all" ? () => true : picomatch(globs, { dot: true });
  const root = `${dir.split("/").filter(Boolean).pop()}/`;
  const files: CollectedFile[] = [];
  let total = 0;
  const untar = extract();
  await new Promise<void>((resolve, reject) => {
    untar.on("entry", (header, stream, next) => {
      const name = header.name.startsWith(root) ? header.name.slice(root.length) : header.name;
      if (header.type !== "file" || !name || !matches(name)) {
        stream.on("end", next);
        stream.resume();
        return;
      }
      const parts: Buffer[] = [];
      stream.on("data", (c: unknown) => {
        const chunk = c as Buffer;
        total += chunk.length;
        parts.push(chunk);
      });
      stream.on("end", () => {
        if (total > MAX_OUTPUT_BYTES) {
          reject(new DockerError(`output files exceed ${MAX_OUTPUT_BYTES / 1024 / 1024} MB; keep fewer or smaller files`, { containerId: container.id }));
          return;
        }
        files.push({ name, content: Buffer.concat(parts) });
        next();
      });
    });
    untar.on("finish", resolve);
    untar.on("error", reject);
    (archive as NodeJS.ReadableStream).pipe(untar as unknown as NodeJS.WritableStream);
  });
  return files;
}
