import type { Readable } from "node:stream";
import { readIon } from "../../plugin-kit/ion-text";
import type { PluginContext } from "../../plugin-kit/plugin-task";
import { MAX_ENTRIES } from "./compress-schemas";
import { entryPath } from "./entry-path";

// ArchiveCompress's `from` (Kestra's Data.From): a map of entry name → file URI, a list of such maps,
// that same map or list rendered as JSON text (`{{ outputs.unzip.files }}`), or the URI of an Ion file
// holding such maps, one per record.

export interface SourceEntry {
  /** The entry's path in the archive. */
  name: string;
  uri: string;
}

export type OpenSource = (uri: string) => Promise<{ size: number; stream: Readable }>;

export async function sourceEntries(ctx: PluginContext, from: unknown): Promise<SourceEntry[]> {
  const entries: SourceEntry[] = [];
  for (const map of await mapsOf(ctx, from)) {
    for (const [name, uri] of Object.entries(map)) {
      // Kestra renders each name; here a flow's map keys are taken as written.
      if (name.includes("{{"))
        throw new Error(`from: entry name ${JSON.stringify(name)} is not rendered; write the name itself`);
      if (typeof uri !== "string" || uri.trim() === "")
        throw new Error(
          `from: the file of entry ${JSON.stringify(name)} must be a file URI, got ${JSON.stringify(uri)}`,
        );
      entries.push({ name: entryPath(name), uri: uri.trim() });
      if (entries.length > MAX_ENTRIES) throw new Error(`from holds more than ${MAX_ENTRIES} entries`);
    }
  }
  if (entries.length === 0) throw new Error("from names no file: give a map of entry name → file URI");
  return entries;
}

async function mapsOf(ctx: PluginContext, from: unknown): Promise<Record<string, unknown>[]> {
  if (typeof from === "string") {
    const text = from.trim();
    if (text.startsWith("{") || text.startsWith("[")) return mapsOf(ctx, parseJson(text));
    if (text === "") throw new Error("from is required: a map of entry name → file URI");
    return ionMaps(ctx, text);
  }
  if (Array.isArray(from)) return from.map(asMap);
  return [asMap(from)];
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new Error(`from is not valid JSON: ${(err as Error).message}`);
  }
}

function asMap(value: unknown): Record<string, unknown> {
  if (typeof value === "object" && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
  throw new Error(`from must be a map of entry name → file URI, got ${JSON.stringify(value)}`);
}

/** The records of a stored Ion file, each a map. */
async function ionMaps(ctx: PluginContext, uri: string): Promise<Record<string, unknown>[]> {
  const file = await ctx.openFile(uri);
  const maps: Record<string, unknown>[] = [];
  try {
    for await (const record of readIon(file.stream)) {
      maps.push(asMap(record));
      if (maps.length > MAX_ENTRIES) throw new Error(`from holds more than ${MAX_ENTRIES} records`);
    }
  } finally {
    file.stream.destroy();
  }
  return maps;
}
