import { createReadStream, createWriteStream } from "node:fs";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, normalize, sep } from "node:path";
import { pipeline } from "node:stream/promises";
import type { PluginContext } from "../../plugin-kit/plugin-task";

// The embedded databases (SQLite, DuckDB) run in the server's process on files: each task run gets
// its own directory, as Kestra's working directory, removed at its end.

export const makeWorkDir = () => mkdtemp(join(tmpdir(), "osprey-jdbc-"));
export const removeWorkDir = (dir: string) => rm(dir, { recursive: true, force: true });

/** A stored file URI (an output, a FILE input) as opposed to text given inline. */
export const isFileUri = (value: string) => value.trim().startsWith("osprey:///");

/** A name inside `dir`: relative, and never climbing out of it. */
export function inside(dir: string, name: string): string {
  const path = normalize(join(dir, name));
  if (!path.startsWith(dir + sep)) throw new Error(`"${name}" must be a relative path inside the task's directory`);
  return path;
}

/** Copies a stored file to `path`. */
export async function download(ctx: PluginContext, uri: string, path: string): Promise<void> {
  const file = await ctx.openFile(uri.trim());
  await mkdir(dirname(path), { recursive: true });
  await pipeline(file.stream, createWriteStream(path));
}

/** Kestra's inputFiles: name → a stored file's URI, or the file's text; a JSON text of such a map too. */
export async function writeInputFiles(ctx: PluginContext, dir: string, files: unknown): Promise<void> {
  const map = typeof files === "string" ? (JSON.parse(files) as unknown) : files;
  if (map === null || typeof map !== "object" || Array.isArray(map))
    throw new Error("inputFiles must be a map of file name to a file URI or the file's content");
  for (const [name, value] of Object.entries(map as Record<string, unknown>)) {
    const path = inside(dir, name);
    const text = value === null || value === undefined ? "" : String(value);
    if (isFileUri(text)) await download(ctx, text, path);
    else {
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, text);
    }
  }
}

/** Stores a file of the task run (the database file of `outputDbFile`) and returns its URI. */
export function upload(ctx: PluginContext, path: string, name: string): Promise<string> {
  return ctx.putFile(name, createReadStream(path));
}
