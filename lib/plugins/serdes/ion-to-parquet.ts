import { gzipSync } from "node:zlib";
import * as zlib from "node:zlib";
import { ByteWriter, ParquetWriter } from "hyparquet-writer";
import { readIon } from "../../plugin-kit/ion-text";
import type { PluginContext, PluginOutcome } from "../../plugin-kit/plugin-task";
import { serverTimezone } from "../../values/cron";
import { SchemaInference } from "./avro-infer";
import { AvroConverter, type ConvertOptions, ON_BAD_RECORDS } from "./avro-convert";
import { type AvroRecord, parseAvroSchema } from "./avro-schema";
import { avroSchemaJson, parquetSchema } from "./parquet-schema";
import { boolProp, charProp, enumProp, intProp, type Props, stringListProp, textProp } from "./serdes-props";
import { openText, type RecordCount, storeConverted } from "./task-io";
import { checkZone } from "./zoned-fields";

// Kestra's IonToParquet: each Ion record converted by an Avro schema (given, or inferred from the
// first records) and written as Parquet. Records are read as a stream; a row group is held in memory
// until it is written (at most `rowGroupSize` bytes of values, and never more than ROW_GROUP_CAP).

export const COMPRESSION_CODECS = ["UNCOMPRESSED", "SNAPPY", "GZIP", "ZSTD"] as const;
export const PARQUET_VERSIONS = ["V1", "V2"] as const;

/** Kestra's (parquet-mr's) defaults. */
const DEFAULT_ROW_GROUP_BYTES = 128 * 1024 * 1024;
const DEFAULT_PAGE_BYTES = 1024 * 1024;
/** The most a row group holds here, whatever rowGroupSize says: its values are JavaScript objects until written. */
const ROW_GROUP_CAP = 32 * 1024 * 1024;

/** AbstractAvroConverter's defaults. */
export const AVRO_DEFAULTS = {
  trueValues: ["t", "true", "enabled", "1", "on", "yes"],
  falseValues: ["f", "false", "disabled", "0", "off", "no", ""],
  nullValues: [
    "",
    "#N/A",
    "#N/A N/A",
    "#NA",
    "-1.#IND",
    "-1.#QNAN",
    "-NaN",
    "1.#IND",
    "1.#QNAN",
    "NA",
    "n/a",
    "nan",
    "null",
  ],
  dateFormat: "yyyy-MM-dd[XXX]",
  timeFormat: "HH:mm[:ss][.SSSSSS][XXX]",
  datetimeFormat: "yyyy-MM-dd'T'HH:mm[:ss][.SSSSSS][XXX]",
};

export async function ionToParquet(ctx: PluginContext, props: Props): Promise<PluginOutcome> {
  const options = convertOptions(props);
  const codec = enumProp(props, "compressionCodec", COMPRESSION_CODECS, "GZIP");
  const compressors = compressorsFor(codec);
  // Parquet data pages are written in the v2 layout whichever version is asked (see the README).
  enumProp(props, "parquetVersion", PARQUET_VERSIONS, "V2");
  const groupBytes = Math.min(positive(props, "rowGroupSize", DEFAULT_ROW_GROUP_BYTES), ROW_GROUP_CAP);
  const pageSize = positive(props, "pageSize", DEFAULT_PAGE_BYTES);
  const dictionarySize = positive(props, "dictionaryPageSize", DEFAULT_PAGE_BYTES);
  const rowsToScan = options.inferAllFields ? Number.POSITIVE_INFINITY : intProp(props, "numberOfRowsToScan", 100);
  if (rowsToScan < 1) throw new Error("Number of rows to scan must be greater than 0");

  const schemaText = textProp(props, "schema", "");
  const schema = schemaText.trim() !== "" ? parseAvroSchema(schemaText) : await inferSchema(ctx, props, rowsToScan);
  const elements = parquetSchema(schema);
  const converter = new AvroConverter(options, (message) => ctx.log(message, "WARN"));
  const rows = readIon(await openText(ctx, props, "UTF-8"));
  const count: RecordCount = { records: 0 };

  async function* parquetBytes(): AsyncGenerator<Uint8Array> {
    const writer = new ByteWriter();
    const parquet = new ParquetWriter({
      writer,
      schema: elements,
      codec,
      compressors,
      createdBy: "parquet-mr compatible (Osprey)",
      kvMetadata: [{ key: "parquet.avro.schema", value: avroSchemaJson(schema) }],
    });
    const writeGroup = (group: Record<string, unknown>[]) => {
      const columnData = schema.fields.map((field) => ({
        name: field.name,
        data: group.map((row) => row[field.name]),
      }));
      parquet.write({ columnData, rowGroupSize: group.length, pageSize, dictionarySize });
    };
    let group: Record<string, unknown>[] = [];
    let bytes = 0;
    for await (const row of rows) {
      ctx.signal.throwIfAborted();
      const converted = converter.row(schema, row);
      count.records++;
      group.push(converted);
      bytes += approxBytes(converted);
      if (bytes < groupBytes) continue;
      writeGroup(group);
      group = [];
      bytes = 0;
      yield drain(writer);
    }
    if (group.length > 0) writeGroup(group);
    await parquet.finish();
    yield drain(writer);
  }
  return storeConverted(ctx, ".parquet", parquetBytes(), count);
}

/** The bytes written since the last drain; the writer's buffer is reused from its start. */
function drain(writer: ByteWriter): Uint8Array {
  const bytes = writer.getBytes().slice();
  writer.index = 0;
  return bytes;
}

async function inferSchema(ctx: PluginContext, props: Props, rowsToScan: number): Promise<AvroRecord> {
  const inference = new SchemaInference();
  const text = await openText(ctx, props, "UTF-8");
  for await (const row of readIon(text)) {
    inference.add(row);
    if (inference.rows >= rowsToScan) break;
  }
  return inference.schema();
}

function convertOptions(props: Props): ConvertOptions {
  return {
    nullValues: stringListProp(props, "nullValues", AVRO_DEFAULTS.nullValues),
    trueValues: stringListProp(props, "trueValues", AVRO_DEFAULTS.trueValues),
    falseValues: stringListProp(props, "falseValues", AVRO_DEFAULTS.falseValues),
    dateFormat: textProp(props, "dateFormat", AVRO_DEFAULTS.dateFormat),
    timeFormat: textProp(props, "timeFormat", AVRO_DEFAULTS.timeFormat),
    datetimeFormat: textProp(props, "datetimeFormat", AVRO_DEFAULTS.datetimeFormat),
    decimalSeparator: charProp(props, "decimalSeparator", "."),
    strictSchema: boolProp(props, "strictSchema", false),
    inferAllFields: boolProp(props, "inferAllFields", false),
    timeZoneId: checkZone(textProp(props, "timeZoneId", serverTimezone())),
    onBadLines: enumProp(props, "onBadLines", ON_BAD_RECORDS, "ERROR"),
  };
}

type Compress = (input: Uint8Array) => Uint8Array;

const gzip: Compress = (input) => new Uint8Array(gzipSync(input));

/** GZIP from zlib; ZSTD from zlib where the runtime has it (Node 22.15+); SNAPPY is hyparquet-writer's own. */
function compressorsFor(codec: (typeof COMPRESSION_CODECS)[number]): Record<string, Compress> {
  if (codec === "GZIP") return { GZIP: gzip };
  if (codec !== "ZSTD") return {};
  const zstdSync = (zlib as unknown as { zstdCompressSync?: (input: Uint8Array) => Buffer }).zstdCompressSync;
  if (!zstdSync)
    throw new Error(
      `compressionCodec ZSTD needs Node.js 22.15 or later (this server runs ${process.version}); use GZIP, SNAPPY or UNCOMPRESSED`,
    );
  const zstd: Compress = (input) => new Uint8Array(zstdSync(input));
  return { ZSTD: zstd };
}

function positive(props: Props, name: string, fallback: number): number {
  const n = intProp(props, name, fallback);
  if (n <= 0) throw new Error(`${name} must be greater than 0, got ${n}`);
  return n;
}

/** A rough size of a converted record, to close row groups near rowGroupSize. */
function approxBytes(value: unknown): number {
  if (value === null || value === undefined) return 1;
  if (typeof value === "string") return value.length + 4;
  if (value instanceof Uint8Array) return value.length + 4;
  if (Array.isArray(value)) return value.reduce((sum: number, v) => sum + approxBytes(v), 4);
  if (typeof value === "object") return Object.values(value).reduce((sum: number, v) => sum + approxBytes(v), 4);
  return 8;
}
