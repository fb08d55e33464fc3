import { createWriteStream } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pipeline } from "node:stream/promises";
import {
  asyncBufferFromFile,
  type FileMetaData,
  parquetMetadataAsync,
  parquetReadObjects,
  parquetSchema,
  type SchemaTree,
} from "hyparquet";
import { compressors } from "hyparquet-compressors";
import type { PluginContext, PluginOutcome } from "../../plugin-kit/plugin-task";
import { kestraIonLines } from "./kestra-ion";
import { kestraValue, PARSERS } from "./parquet-values";
import { fromUri, type Props } from "./serdes-props";
import { type RecordCount, storeConverted } from "./task-io";
import { batchBytes } from "./text-stream";

// Kestra's ParquetToIon: a record per Parquet row. As Kestra, the file is first copied to a local
// temporary file (Parquet is read from its footer); rows are then read one row group at a time, so
// memory holds one row group's rows, not the file.

export async function parquetToIon(ctx: PluginContext, props: Props): Promise<PluginOutcome> {
  const source = await ctx.openFile(fromUri(props));
  const dir = await mkdtemp(join(tmpdir(), "osprey-parquet-"));
  try {
    const path = join(dir, "source.parquet");
    await pipeline(source.stream, createWriteStream(path), { signal: ctx.signal });
    const file = await asyncBufferFromFile(path);
    const metadata = await readMetadata(file);
    const count: RecordCount = { records: 0 };
    return await storeConverted(ctx, ".ion", batchBytes(kestraIonLines(records(ctx, file, metadata, count))), count);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function readMetadata(file: Awaited<ReturnType<typeof asyncBufferFromFile>>): Promise<FileMetaData> {
  try {
    return await parquetMetadataAsync(file, { parsers: PARSERS });
  } catch (err) {
    throw new Error(`Not a Parquet file: ${(err as Error).message}`);
  }
}

async function* records(
  ctx: PluginContext,
  file: Awaited<ReturnType<typeof asyncBufferFromFile>>,
  metadata: FileMetaData,
  count: RecordCount,
): AsyncGenerator<unknown> {
  const root = parquetSchema(metadata);
  const listRoot = rootList(root);
  let rowStart = 0;
  for (const group of metadata.row_groups) {
    ctx.signal.throwIfAborted();
    const rowEnd = rowStart + Number(group.num_rows);
    const rows = await parquetReadObjects({
      file,
      metadata,
      rowStart,
      rowEnd,
      compressors,
      parsers: PARSERS,
      utf8: false,
    });
    rowStart = rowEnd;
    for (const row of rows) {
      count.records++;
      yield listRoot ? kestraValue(row.value, listRoot) : structOf(row, root);
    }
  }
}

function structOf(row: Record<string, unknown>, root: SchemaTree): Record<string, unknown> {
  const out: Record<string, unknown> = Object.create(null);
  for (const child of root.children) out[child.element.name] = kestraValue(row[child.element.name], child);
  return out;
}

/**
 * Kestra wraps a file of Ion lists in a record `root` with one array field `value` (Avro needs a
 * record at the top); reading such a file gives the lists back.
 */
function rootList(root: SchemaTree): SchemaTree | undefined {
  const only = root.children.length === 1 ? root.children[0] : undefined;
  if (root.element.name !== "root" || only?.element.name !== "value") return undefined;
  return only.element.converted_type === "LIST" || only.element.repetition_type === "REPEATED" ? only : undefined;
}
