import { Readable } from "node:stream";
import { AppError } from "../errors/app-error";
import type { Storage, StoredEntry } from "../storage/storage";
import { namespaceFileKey, namespaceFilePath, namespaceFilesPrefix } from "./namespace-file-path";

/** A file or folder as Kestra's API answers it (its FileAttributes). */
export interface FileAttributes {
  fileName: string;
  lastModifiedTime: number;
  creationTime: number;
  type: "File" | "Directory";
  size: number;
  metadata: Record<string, string>;
}

function attributesOf(entry: StoredEntry): FileAttributes {
  return {
    fileName: entry.name,
    lastModifiedTime: entry.lastModified.getTime(),
    creationTime: entry.created.getTime(),
    type: entry.type === "directory" ? "Directory" : "File",
    size: entry.size,
    metadata: {},
  };
}

/**
 * One namespace's files in the storage (Kestra's namespace files): paths are checked and
 * canonicalised here, so every caller (API, tasks, `read()`) goes through the same door.
 */
export class NamespaceFiles {
  constructor(
    private readonly storage: Storage,
    readonly namespace: string,
    /** Largest file that may be stored or read into memory (OSPREY_MAX_NAMESPACE_FILE_BYTES). */
    private readonly maxFileBytes: number,
  ) {
    namespaceFilesPrefix(namespace);
  }

  private key(path: string): string {
    return namespaceFileKey(this.namespace, path);
  }

  /** The entries of a folder (the root for an empty path); the root exists even before anything is in it. */
  async list(rawPath?: string | null): Promise<FileAttributes[]> {
    const path = namespaceFilePath(rawPath, { root: true });
    if (path !== "") {
      const entry = await this.storage.stat(this.key(path));
      if (entry?.type !== "directory")
        throw new AppError("NOT_FOUND", `directory /${path} not found in namespace ${this.namespace}`);
    }
    return (await this.storage.list(this.key(path))).map(attributesOf);
  }

  /** A file's or folder's attributes (the root's for an empty path). */
  async stats(rawPath?: string | null): Promise<FileAttributes> {
    const path = namespaceFilePath(rawPath, { root: true });
    if (path === "") {
      await this.storage.makeFolder(this.key(""));
      return { ...attributesOf((await this.storage.stat(this.key("")))!), fileName: "" };
    }
    const entry = await this.storage.stat(this.key(path));
    if (!entry) throw new AppError("NOT_FOUND", `/${path} not found in namespace ${this.namespace}`);
    return attributesOf(entry);
  }

  /** A file's bytes as a stream, with its size. */
  async open(rawPath: string): Promise<{ stream: Readable; size: number; path: string }> {
    const path = namespaceFilePath(rawPath);
    try {
      return { ...(await this.storage.get(this.key(path))), path };
    } catch (err) {
      if (AppError.is(err) && err.code === "NOT_FOUND")
        throw new AppError("NOT_FOUND", `file /${path} not found in namespace ${this.namespace}`);
      throw err;
    }
  }

  /** A file's bytes in memory, refused past `maxBytes` (at most the file limit) before they are read. */
  async read(rawPath: string, maxBytes = this.maxFileBytes): Promise<Buffer> {
    const { stream, size, path } = await this.open(rawPath);
    if (size > maxBytes) {
      stream.destroy();
      throw new AppError(
        "PAYLOAD_TOO_LARGE",
        `file /${path} of namespace ${this.namespace} is ${size} bytes, more than the ${maxBytes} allowed here`,
      );
    }
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  }

  /** Creates or replaces a file (its folders made); a folder at that path is a CONFLICT. */
  async write(rawPath: string, content: Buffer | string): Promise<string> {
    const path = namespaceFilePath(rawPath);
    const bytes = typeof content === "string" ? Buffer.from(content) : content;
    if (bytes.length > this.maxFileBytes) {
      throw new AppError(
        "PAYLOAD_TOO_LARGE",
        `a namespace file may be at most ${this.maxFileBytes} bytes (OSPREY_MAX_NAMESPACE_FILE_BYTES)`,
      );
    }
    await this.assertNoFileAbove(path);
    if ((await this.storage.stat(this.key(path)))?.type === "directory")
      throw new AppError("CONFLICT", `/${path} is a directory`);
    await this.storage.put(this.key(path), Readable.from([bytes]));
    return path;
  }

  /** Creates a folder (and its parents); nothing when it exists. */
  async makeDirectory(rawPath?: string | null): Promise<void> {
    const path = namespaceFilePath(rawPath, { root: true });
    await this.assertNoFileAbove(path);
    await this.storage.makeFolder(this.key(path));
  }

  /** Moves or renames a file or a folder with everything in it. */
  async move(rawFrom: string, rawTo: string): Promise<void> {
    const from = namespaceFilePath(rawFrom);
    const to = namespaceFilePath(rawTo);
    if (from === to) return;
    await this.assertNoFileAbove(to);
    await this.storage.move(this.key(from), this.key(to));
  }

  /** Deletes a file, or a folder with everything in it. */
  async delete(rawPath: string): Promise<void> {
    const path = namespaceFilePath(rawPath);
    const entry = await this.storage.stat(this.key(path));
    if (!entry) throw new AppError("NOT_FOUND", `/${path} not found in namespace ${this.namespace}`);
    if (entry.type === "directory") await this.storage.deletePrefix(this.key(path));
    else await this.storage.delete(this.key(path));
  }

  /** Every file's path (no folders), sorted. */
  async allFiles(): Promise<string[]> {
    return this.storage.listAll(this.key(""));
  }

  /** A folder on the way to `path` that is a file would make the write fail deep in the storage: say so plainly. */
  private async assertNoFileAbove(path: string): Promise<void> {
    const segments = path.split("/");
    for (let i = 1; i < segments.length; i++) {
      const parent = segments.slice(0, i).join("/");
      if ((await this.storage.stat(this.key(parent)))?.type === "file")
        throw new AppError("CONFLICT", `/${parent} is a file, not a directory`);
    }
  }
}
