import { ionLines } from "../../plugin-kit/ion-text";
import type { PluginContext, PluginOutcome } from "../../plugin-kit/plugin-task";
import { type CsvHeader, NO_HEADER, ON_EMPTY_HEADER, resolveHeader } from "./csv-header";
import { CsvParseError, CsvParser, type CsvRecord } from "./csv-parser";
import { boolProp, charProp, enumProp, intProp, type Props, textProp } from "./serdes-props";
import { openText, type RecordCount, storeConverted } from "./task-io";
import { batchBytes } from "./text-stream";

// Kestra's CsvToIon: each CSV record becomes an Ion struct keyed by the header (or a list without
// one); every value is a string, `\N` is null.

export const ON_BAD_LINES = ["ERROR", "WARN", "SKIP"] as const;
const DEFAULT_MAX_SIZE = 16 * 1024 * 1024;

interface CsvToIonOptions {
  header: boolean;
  skipEmptyRows: boolean;
  skipRows: number;
  onBadLines: (typeof ON_BAD_LINES)[number];
  onEmptyHeader: (typeof ON_EMPTY_HEADER)[number];
}

export async function csvToIon(ctx: PluginContext, props: Props): Promise<PluginOutcome> {
  const parser = new CsvParser({
    separator: charProp(props, "fieldSeparator", ","),
    quote: charProp(props, "textDelimiter", '"'),
    allowExtraCharsAfterClosingQuote: boolProp(props, "allowExtraCharsAfterClosingQuote", false),
    maxBufferSize: intProp(props, "maxBufferSize", DEFAULT_MAX_SIZE),
    maxFieldSize: intProp(props, "maxFieldSize", DEFAULT_MAX_SIZE),
  });
  const options: CsvToIonOptions = {
    header: boolProp(props, "header", true),
    skipEmptyRows: boolProp(props, "skipEmptyRows", false),
    skipRows: intProp(props, "skipRows", 0),
    onBadLines: enumProp(props, "onBadLines", ON_BAD_LINES, "ERROR"),
    onEmptyHeader: enumProp(props, "onEmptyHeader", ON_EMPTY_HEADER, "DROP"),
  };
  const text = await openText(ctx, props, textProp(props, "charset", "UTF-8"));
  const count: RecordCount = { records: 0 };
  return storeConverted(ctx, ".ion", batchBytes(ionLines(csvRows(ctx, parser, text, options, count))), count);
}

async function* csvRows(
  ctx: PluginContext,
  parser: CsvParser,
  text: AsyncIterable<string>,
  options: CsvToIonOptions,
  count: RecordCount,
): AsyncGenerator<unknown> {
  const rows = new RowMaker(ctx, options);
  const records: CsvRecord[] = [];
  try {
    for await (const chunk of text) {
      parser.push(chunk, records);
      yield* rows.take(records, count);
    }
    parser.flush(records);
  } catch (err) {
    if (!(err instanceof CsvParseError) || options.onBadLines === "ERROR") throw err;
    // As Kestra's reader: the records before a bad one are kept, nothing after it is read.
    if (options.onBadLines === "WARN") ctx.log(`Bad line encountered (skipped): ${err.message}`, "WARN");
  }
  yield* rows.take(records, count);
}

/** Records → rows, with the header, skipRows and the field-count check as Kestra applies them. */
class RowMaker {
  private header: CsvHeader = NO_HEADER;
  private skipped = 0;

  constructor(
    private readonly ctx: PluginContext,
    private readonly options: CsvToIonOptions,
  ) {}

  /** Empties `records` into rows. */
  *take(records: CsvRecord[], count: RecordCount): Generator<unknown> {
    for (const record of records.splice(0)) {
      const row = this.row(record);
      if (row === undefined) continue;
      count.records++;
      yield row;
    }
  }

  private row(record: CsvRecord): unknown {
    const { header, skipEmptyRows, skipRows, onBadLines, onEmptyHeader } = this.options;
    if (record.empty && skipEmptyRows) return undefined;
    // Kestra takes the record that starts on line 1 as the header (none when that line was skipped).
    if (header && record.line === 1) {
      this.header = resolveHeader(record.fields, onEmptyHeader);
      for (const warning of this.header.warnings) this.ctx.log(warning, "WARN");
      return undefined;
    }
    if (this.skipped < skipRows) {
      this.skipped++;
      return undefined;
    }
    const fields = record.fields;
    if (!header) return fields.map(nullIfMarked);
    const { names, kept } = this.header;
    if (fields.length !== names.length) {
      const message = `Bad line encountered (field count mismatch): Expected ${names.length}, got ${fields.length} fields.`;
      if (onBadLines === "ERROR") throw new Error(message);
      if (onBadLines === "WARN") this.ctx.log(message, "WARN");
      return undefined;
    }
    // No prototype: a column named `__proto__` is a key like any other.
    const row: Record<string, unknown> = Object.create(null);
    for (let i = 0; i < kept; i++) row[names[i]] = nullIfMarked(fields[i]);
    return row;
  }
}

/** `\N` is how CSV exports write a null. */
const nullIfMarked = (value: string) => (value === "\\N" ? null : value);
