import { randomUUID } from "node:crypto";
import { createWriteStream } from "node:fs";
import { lstat, mkdir, open, readdir, rename, rm, stat } from "node:fs/promises";
import { dirname, join, resolve, sep } from "node:path";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { AppError } from "../errors/app-error";
import type { Storage, StoredEntry } from "./storage";
import { assertValidKey } from "./storage-keys";

/** Temporary files live beside the objects (same filesystem, so the final rename is atomic) but outside any key. */
const TMP_DIR = ".tmp";

/** Objects as files under one root folder: key `a/b/c` is `<root>/a/b/c`. */
export class LocalDiskStorage implements Storage {
  readonly root: string;

  constructor(root: string) {
    this.root = resolve(root);
  }

  async put(key: string, stream: Readable): Promise<number> {
    const path = this.pathOf(key);
    const tmpDir = join(this.root, TMP_DIR);
    await mkdir(tmpDir, { recursive: true });
    const tmp = join(tmpDir, randomUUID());
    try {
      await pipeline(stream, createWriteStream(tmp, { mode: 0o600 }));
      const { size } = await stat(tmp);
      await mkdir(dirname(path), { recursive: true });
      // Readers see the old object or the whole new one, never a part.
      await rename(tmp, path);
      return size;
    } catch (err) {
      await rm(tmp, { force: true });
      throw err;
    }
  }

  async get(key: string): Promise<{ stream: Readable; size: number }> {
    const path = this.pathOf(key);
    let handle: Awaited<ReturnType<typeof open>>;
    try {
      handle = await open(path, "r");
    } catch (err) {
      if (isMissing(err)) throw new AppError("NOT_FOUND", `stored file ${key} not found`);
      throw err;
    }
    const info = await handle.stat();
    if (!info.isFile()) {
      await handle.close();
      throw new AppError("NOT_FOUND", `stored file ${key} not found`);
    }
    return { stream: handle.createReadStream(), size: info.size };
  }

  async delete(key: string): Promise<void> {
    await rm(this.pathOf(key), { force: true });
  }

  async deletePrefix(prefix: string): Promise<void> {
    await rm(this.pathOf(prefix), { recursive: true, force: true });
  }

  async stat(key: string): Promise<StoredEntry | null> {
    const path = this.pathOf(key);
    const info = await lstat(path).catch((err: unknown) => {
      if (isMissing(err)) return null;
      throw err;
    });
    return info ? entryOf(key.split("/").at(-1)!, info) : null;
  }

  async list(prefix: string): Promise<StoredEntry[]> {
    const dir = this.pathOf(prefix);
    const names = await readdir(dir).catch((err: unknown) => {
      if (isMissing(err)) return [] as string[];
      throw err;
    });
    const entries: StoredEntry[] = [];
    for (const name of names.sort()) {
      const info = await lstat(join(dir, name)).catch(() => null);
      // Only files and folders are objects: a link or a socket someone left on the disk is not.
      if (info && (info.isFile() || info.isDirectory())) entries.push(entryOf(name, info));
    }
    return entries;
  }

  async listAll(prefix: string): Promise<string[]> {
    const out: string[] = [];
    const walk = async (rel: string): Promise<void> => {
      for (const entry of await this.list(rel ? `${prefix}/${rel}` : prefix)) {
        const path = rel ? `${rel}/${entry.name}` : entry.name;
        if (entry.type === "directory") await walk(path);
        else out.push(path);
      }
    };
    await walk("");
    return out;
  }

  async makeFolder(key: string): Promise<void> {
    const path = this.pathOf(key);
    const existing = await this.stat(key);
    if (existing?.type === "file") throw new AppError("CONFLICT", `${key} is a file`);
    await mkdir(path, { recursive: true });
  }

  async move(from: string, to: string): Promise<void> {
    const source = this.pathOf(from);
    const target = this.pathOf(to);
    if (!(await this.stat(from))) throw new AppError("NOT_FOUND", `stored file ${from} not found`);
    if (await this.stat(to)) throw new AppError("CONFLICT", `${to} already exists`);
    if (`${to}/`.startsWith(`${from}/`)) throw new AppError("BAD_REQUEST", `cannot move ${from} into itself`);
    await mkdir(dirname(target), { recursive: true });
    await rename(source, target);
  }

  private pathOf(key: string): string {
    assertValidKey(key);
    const path = resolve(this.root, key);
    // assertValidKey already refuses `..`; this is the second lock on the same door.
    if (!path.startsWith(this.root + sep) || path.slice(this.root.length + 1).split(sep)[0] === TMP_DIR) {
      throw new AppError("BAD_REQUEST", `invalid storage key ${JSON.stringify(key)}: outside the storage root`);
    }
    return path;
  }
}

function entryOf(
  name: string,
  info: { isDirectory(): boolean; size: number; mtime: Date; birthtime: Date },
): StoredEntry {
  const directory = info.isDirectory();
  return {
    name,
    type: directory ? "directory" : "file",
    size: directory ? 0 : info.size,
    lastModified: info.mtime,
    created: info.birthtime,
  };
}

function isMissing(err: unknown): boolean {
  const code = (err as { code?: string })?.code;
  return code === "ENOENT" || code === "ENOTDIR" || code === "EISDIR";
}
