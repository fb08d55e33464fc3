import type Docker from "dockerode";
import { pack } from "tar-stream";

export interface FileToPut {
  /** Path relative to the target directory. */
  path: string;
  content: string | Buffer;
  mode?: number;
}

/**
 * Copies files into a created (not yet started) container through the Docker API, so no host
 * folder is shared and a remote DOCKER_HOST works. `dir` is created world-writable so a task
 * that runs as another `user` can still write its outputs there.
 */
export async function putFiles(container: Docker.Container, dir: string, files: FileToPut[]): Promise<void> {
  const archive = pack();
  const root = dir.replace(/^\/+|\/+$/g, "");
  const parts = root.split("/");
  for (let i = 1; i <= parts.length; i++) {
    archive.entry({ name: `${parts.slice(0, i).join("/")}/`, type: "directory", mode: 0o777 });
  }
  for (const file of files) {
    const content = typeof file.content === "string" ? Buffer.from(file.content, "utf8") : file.content;
    archive.entry({ name: `${root}/${file.path}`, mode: file.mode ?? 0o644 }, content);
  }
  archive.finalize();
  // tar-stream is a streamx stream; dockerode pipes any readable.
  await container.putArchive(archive as unknown as NodeJS.ReadableStream, { path: "/" });
}
