import { readIon } from "../../plugin-kit/ion-text";
import type { PluginContext, PluginOutcome } from "../../plugin-kit/plugin-task";
import { serverTimezone } from "../../values/cron";
import { encoderFor } from "./charsets";
import { checkWriteOptions, type CsvWriteOptions, csvRecord, QUOTE_MODES } from "./csv-writer";
import { javaDateFormat } from "./java-date-format";
import { isLocalDate, javaString } from "../../plugin-kit/java-text";
import { boolProp, charProp, enumProp, type Props, textProp } from "./serdes-props";
import { openText, type RecordCount, storeConverted } from "./task-io";
import { encodeText } from "./text-stream";
import { checkZone, dateOnlyFields, zonedFields } from "./zoned-fields";

// Kestra's IonToCsv: a struct per line, its keys once as the header (from the first struct); a list
// is a line of its own (refused when a header is asked for).

/** Kestra's AbstractTextWriter defaults. */
export const DATE_FORMATS = {
  dateFormat: "yyyy-MM-dd",
  timeFormat: "HH:mm:ss[XXX]",
  dateTimeFormat: "yyyy-MM-dd'T'HH:mm:ss.SSS[XXX]",
} as const;

export async function ionToCsv(ctx: PluginContext, props: Props): Promise<PluginOutcome> {
  const alwaysDelimitText = boolProp(props, "alwaysDelimitText", false);
  const options: CsvWriteOptions = {
    separator: charProp(props, "fieldSeparator", ","),
    quote: charProp(props, "textDelimiter", '"'),
    lineDelimiter: textProp(props, "lineDelimiter", "\n"),
    // quoteMode, when set, wins over the deprecated alwaysDelimitText.
    quoteMode: enumProp(props, "quoteMode", QUOTE_MODES, alwaysDelimitText ? "ALWAYS" : "REQUIRED"),
  };
  checkWriteOptions(options);
  const cell = cellWriter(props);
  const header = boolProp(props, "header", true);
  const encode = encoderFor(textProp(props, "charset", "UTF-8"));
  // Decoded here rather than in readIon, so a character split between two chunks stays whole.
  const rows = readIon(await openText(ctx, props, "UTF-8"));
  const count: RecordCount = { records: 0 };
  return storeConverted(ctx, ".csv", encodeText(csvLines(rows, header, options, cell, count), encode), count);
}

async function* csvLines(
  rows: AsyncIterable<unknown>,
  header: boolean,
  options: CsvWriteOptions,
  cell: (value: unknown) => string | null,
  count: RecordCount,
): AsyncGenerator<string> {
  let first = true;
  for await (const row of rows) {
    count.records++;
    if (Array.isArray(row)) {
      if (header) throw new Error("Invalid data of type List with header");
      yield csvRecord(row.map(cell), options);
    } else if (isStruct(row)) {
      if (first && header) yield csvRecord(Object.keys(row), options);
      first = false;
      yield csvRecord(Object.values(row).map(cell), options);
    }
    // Kestra counts a top-level scalar but writes nothing for it.
  }
}

const isStruct = (row: unknown): row is Record<string, unknown> =>
  typeof row === "object" && row !== null && !(row instanceof Date) && !Buffer.isBuffer(row);

/**
 * A cell's text as Kestra's AbstractTextWriter.convert: a timestamp at midnight UTC is a date
 * (dateFormat), any other one an instant written in UTC (dateTimeFormat; Kestra overrides the zone
 * with UTC, so timeZoneId only has to be valid); anything else Java's toString.
 */
function cellWriter(props: Props): (value: unknown) => string | null {
  const dateFormat = javaDateFormat(textProp(props, "dateFormat", DATE_FORMATS.dateFormat));
  javaDateFormat(textProp(props, "timeFormat", DATE_FORMATS.timeFormat));
  const dateTimeFormat = javaDateFormat(textProp(props, "dateTimeFormat", DATE_FORMATS.dateTimeFormat));
  checkZone(textProp(props, "timeZoneId", serverTimezone()));
  return (value) => {
    if (value === null || value === undefined) return null;
    if (value instanceof Date)
      return isLocalDate(value) ? dateFormat(dateOnlyFields(value)) : dateTimeFormat(zonedFields(value, "UTC"));
    return javaString(value);
  };
}
