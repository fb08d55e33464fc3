import { z } from "zod";
import type { PluginTaskSchema } from "../../plugin-kit/plugin-task";
import { ZBool, ZNumber } from "../../plugin-kit/props";
import { EXCEL_SCHEMAS } from "./excel-schemas";
import { PARQUET_SCHEMAS } from "./parquet-schemas";
import { charset, from, oneOf, PKG, timeZoneId } from "./schema-parts";

// Kestra's serdes tasks (plugin-serdes): conversions between CSV, JSON, YAML and Ion, Kestra's
// format for internal files (a value per line); Parquet and Excel in their own files. Client-safe.

const char = (what: string, fallback: string) =>
  z.string().optional().describe(`${what} (one character). Default \`${fallback}\`.`);
const newLine = (reads: boolean) =>
  ZBool.optional().describe(
    reads
      ? "A JSON value per line (JSON Lines; default true). When false, the file is one JSON document and a top-level array gives a record per element."
      : "Write JSON Lines (default true; `.jsonl`). When false, one JSON document (`.json`): an array when there are several records, the record alone when there is one.",
  );

const csvToIon: PluginTaskSchema = {
  type: `${PKG}.csv.CsvToIon`,
  aliases: [`${PKG}.csv.CsvReader`],
  title: "CSV to Ion",
  description:
    "Convert a CSV file to Ion: with a header, a struct per row keyed by the column names; without, a list of strings. Every value is a string; `\\N` is null; a leading UTF-8 byte-order mark is dropped. Outputs `uri` and `size` (records).",
  shape: {
    from,
    header: ZBool.optional().describe("The first line names the columns. Default true."),
    fieldSeparator: char("Field separator", ","),
    textDelimiter: char("Quote around fields", '"'),
    skipEmptyRows: ZBool.optional().describe("Skip empty lines. Default false."),
    skipRows: ZNumber.optional().describe("Rows to skip after the header. Default 0."),
    charset,
    onBadLines: oneOf(["ERROR", "WARN", "SKIP"])
      .optional()
      .describe(
        "A row whose field count differs from the header's, or a line the reader cannot parse: ERROR (default) fails the task, WARN logs and skips it, SKIP skips it. After a line that cannot be parsed, nothing more is read (as Kestra).",
      ),
    onEmptyHeader: oneOf(["DROP", "RENAME"])
      .optional()
      .describe(
        "Columns with an empty name: DROP (default) drops the trailing ones and their values; RENAME names each `col_<index>`.",
      ),
    errorOnDifferentFieldCount: ZBool.optional().describe("Deprecated and ignored: use onBadLines."),
    maxBufferSize: ZNumber.optional().describe("Longest raw field in characters. Default 16 MiB."),
    maxFieldSize: ZNumber.optional().describe("Longest field in characters. Default 16 MiB."),
    allowExtraCharsAfterClosingQuote: ZBool.optional().describe(
      'Accept characters after a closing quote (`"a"b` reads `ab`). Default false: such a line is bad.',
    ),
  },
};

const ionToCsv: PluginTaskSchema = {
  type: `${PKG}.csv.IonToCsv`,
  aliases: [`${PKG}.csv.CsvWriter`],
  title: "Ion to CSV",
  description:
    "Convert an Ion file to CSV: a line per record, with the first struct's keys as the header. Outputs `uri` and `size` (records).",
  shape: {
    from,
    header: ZBool.optional().describe("Write the first struct's keys as a header line. Default true."),
    fieldSeparator: char("Field separator", ","),
    textDelimiter: char("Quote around fields", '"'),
    lineDelimiter: z.string().optional().describe("Written after every line: `\\n` (default), `\\r\\n` or `\\r`."),
    alwaysDelimitText: ZBool.optional().describe("Deprecated: quote every field (quoteMode ALWAYS). Default false."),
    quoteMode: oneOf(["ALWAYS", "REQUIRED", "NON_NUMERIC"])
      .optional()
      .describe(
        "ALWAYS quotes every field; REQUIRED (default) only fields holding the separator, a quote or a line break; NON_NUMERIC every field that is not a number. Wins over alwaysDelimitText.",
      ),
    charset,
    dateFormat: z.string().optional().describe("Java pattern for dates. Default `yyyy-MM-dd`."),
    timeFormat: z.string().optional().describe("Java pattern for times. Default `HH:mm:ss[XXX]`."),
    dateTimeFormat: z
      .string()
      .optional()
      .describe("Java pattern for timestamps, written in UTC. Default `yyyy-MM-dd'T'HH:mm:ss.SSS[XXX]`."),
    timeZoneId,
  },
};

const jsonToIon: PluginTaskSchema = {
  type: `${PKG}.json.JsonToIon`,
  aliases: [`${PKG}.json.JsonReader`],
  title: "JSON to Ion",
  description: "Convert a JSON or JSON Lines file to Ion. Outputs `uri` and `size` (records).",
  shape: { from, charset, newLine: newLine(true) },
};

const ionToJson: PluginTaskSchema = {
  type: `${PKG}.json.IonToJson`,
  aliases: [`${PKG}.json.JsonWriter`],
  title: "Ion to JSON",
  description:
    "Convert an Ion file to JSON Lines or JSON; null fields are left out, timestamps are ISO-8601 text. Outputs `uri` and `size` (records).",
  shape: {
    from,
    charset,
    newLine: newLine(false),
    timeZoneId,
    shouldKeepAnnotations: ZBool.optional().describe("Accepted; Ion annotations are not kept. Default false."),
  },
};

const jsonToJsonl: PluginTaskSchema = {
  type: `${PKG}.json.JsonToJsonl`,
  aliases: [],
  title: "JSON to JSON Lines",
  description:
    "Convert a JSON array (or a file of JSON objects) to JSON Lines, one compact value per line. Outputs `uri` and `size` (records).",
  shape: { from, charset },
};

const ionToYaml: PluginTaskSchema = {
  type: `${PKG}.yaml.IonToYaml`,
  aliases: [],
  title: "Ion to YAML",
  description:
    "Convert an Ion file to YAML: one record as a document, several as documents each after `---`. Outputs `uri` and `size` (records).",
  shape: { from, charset },
};

const yamlToIon: PluginTaskSchema = {
  type: `${PKG}.yaml.YamlToIon`,
  aliases: [],
  title: "YAML to Ion",
  description: "Convert a YAML file to Ion, a record per document. Outputs `uri` and `size` (records).",
  shape: { from, charset },
};

export const SERDES_SCHEMAS: readonly PluginTaskSchema[] = [
  csvToIon,
  ionToCsv,
  jsonToIon,
  ionToJson,
  jsonToJsonl,
  ionToYaml,
  yamlToIon,
  ...PARQUET_SCHEMAS,
  ...EXCEL_SCHEMAS,
];
