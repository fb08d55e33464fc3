import { z } from "zod";
import type { PluginTaskSchema } from "../../plugin-kit/plugin-task";
import { ZBool, ZNumber, ZStringList, ZExpression } from "../../plugin-kit/props";
import { from, oneOf, PKG, timeZoneId } from "./schema-parts";

// Kestra's Parquet tasks (plugin-serdes `parquet`): Ion → Parquet through an Avro schema, and back.
// Client-safe: no run code here.

const stringList = (what: string, fallback: string) =>
  z.union([ZStringList, ZExpression]).optional().describe(`${what}, compared ignoring case. Default ${fallback}.`);

const ionToParquet: PluginTaskSchema = {
  type: `${PKG}.parquet.IonToParquet`,
  aliases: [`${PKG}.parquet.ParquetWriter`],
  title: "Ion to Parquet",
  description:
    "Convert an Ion file to Parquet. An Avro schema (`schema`) gives the column types; without one, it is inferred from the first `numberOfRowsToScan` records. Text values are read by the schema (`nullValues`, `trueValues`, the date patterns…). Outputs `uri` and `size` (records).",
  shape: {
    from,
    schema: z
      .string()
      .optional()
      .describe(
        'Avro schema (JSON) of the records, e.g. `{"type":"record","name":"Row","fields":[{"name":"id","type":"int"},{"name":"name","type":["null","string"]}]}`. A `["null", type]` union is an optional column. Default: inferred.',
      ),
    numberOfRowsToScan: ZNumber.optional().describe(
      "Records read to infer the schema when `schema` is empty. Default 100.",
    ),
    inferAllFields: ZBool.optional().describe(
      "Infer the schema from every record (numberOfRowsToScan is ignored), and read text in `nullValues`, `trueValues`, `falseValues` as null, true, false whatever the column type. Default false.",
    ),
    compressionCodec: oneOf(["UNCOMPRESSED", "SNAPPY", "GZIP", "ZSTD"])
      .optional()
      .describe(
        "Compression of the column pages: UNCOMPRESSED, SNAPPY, GZIP (default) or ZSTD (needs Node.js 22.15+).",
      ),
    parquetVersion: oneOf(["V1", "V2"])
      .optional()
      .describe("Parquet format version: V2 (default) or V1. Data pages are written in the v2 layout either way."),
    rowGroupSize: ZNumber.optional().describe(
      "Target row group size in bytes. Default 134217728 (128 MiB); a row group is held in memory until written, so here it is at most 32 MiB.",
    ),
    pageSize: ZNumber.optional().describe("Target page size in bytes. Default 1048576."),
    dictionaryPageSize: ZNumber.optional().describe("Most bytes of a column's dictionary. Default 1048576."),
    trueValues: stringList("Text read as true", "t, true, enabled, 1, on, yes"),
    falseValues: stringList("Text read as false", 'f, false, disabled, 0, off, no, ""'),
    nullValues: stringList(
      "Text read as null",
      '"", #N/A, #N/A N/A, #NA, -1.#IND, -1.#QNAN, -NaN, 1.#IND, 1.#QNAN, NA, n/a, nan, null',
    ),
    dateFormat: z.string().optional().describe("Java pattern to read dates. Default `yyyy-MM-dd[XXX]`."),
    timeFormat: z.string().optional().describe("Java pattern to read times. Default `HH:mm[:ss][.SSSSSS][XXX]`."),
    datetimeFormat: z
      .string()
      .optional()
      .describe("Java pattern to read timestamps. Default `yyyy-MM-dd'T'HH:mm[:ss][.SSSSSS][XXX]`."),
    decimalSeparator: z
      .string()
      .optional()
      .describe("Decimal point of numbers written as text (one character). Default `.`."),
    strictSchema: ZBool.optional().describe(
      "A record with more fields than the schema is a bad record. Default false.",
    ),
    timeZoneId: timeZoneId.describe(
      "Zone of timestamps written without an offset, and of local timestamps. Default: the server's zone.",
    ),
    onBadLines: oneOf(["ERROR", "WARN", "SKIP"])
      .optional()
      .describe(
        "A value its column cannot take: ERROR (default) fails the task, WARN logs it and writes null, SKIP writes null.",
      ),
  },
};

const parquetToIon: PluginTaskSchema = {
  type: `${PKG}.parquet.ParquetToIon`,
  aliases: [`${PKG}.parquet.ParquetReader`],
  title: "Parquet to Ion",
  description:
    "Convert a Parquet file to Ion, a record per row (SNAPPY, GZIP, ZSTD, BROTLI, LZ4 and uncompressed files). Outputs `uri` and `size` (records).",
  shape: { from },
};

export const PARQUET_SCHEMAS: readonly PluginTaskSchema[] = [ionToParquet, parquetToIon];
