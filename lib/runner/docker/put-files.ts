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
 * folder is shared and a remote DOCKER_HOST works. The directories are created world-writable so
 * a task that runs as another `user` can still write its outputs there. File paths are relative
 * to the first directory.
 */
export async function putFiles(
  container: Docker.Container,
  dirs: [workingDir: string, ...more: string[]],
  files: FileToPut[],
): Promise<void> {
  const archive = pack();
  const made = new Set<string>();
  const mkdirs = (path: string) => {
    const parts = path.split("/").filter(Boolean);
    for (let i = 1; i <= parts.length; i++) {
      const name = `${parts.slice(0, i).join("/")}/`;
      if (made.has(name)) continue;
      made.add(name);
      archive.entry({ name, type: "directory", mode: 0o777 });
    }
  };
  for (const dir of dirs) mkdirs(dir);
  const root = dirs[0].replace(/^\/+|\/+$/g, "");
  for (const file of files) {
    const slash = file.path.lastIndexOf("/");
    if (slash > 0) mkdirs(`${root}/${file.path.slice(0, slash)}`);
    const content = typeof file.content === "string" ? Buffer.from(file.content, "utf8") : file.content;
    archive.entry({ name: `${root}/${file.path}`, mode: file.mode ?? 0o644 }, content);
  }
  archive.finalize();
  // tar-stream is a streamx stream; dockerode pipes any readable.
  await container.putArchive(archive as unknown as NodeJS.ReadableStream, { path: "/" });
}
