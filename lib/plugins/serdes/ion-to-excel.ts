import { PassThrough } from "node:stream";
import ExcelJS from "exceljs";
import { readIon } from "../../plugin-kit/ion-text";
import { isLocalDate, javaString } from "../../plugin-kit/java-text";
import type { PluginContext, PluginOutcome } from "../../plugin-kit/plugin-task";
import { State } from "../../states/states";
import { serverTimezone } from "../../values/cron";
import { decoderFor } from "./charsets";
import { DATE_FORMATS } from "./ion-to-csv";
import { javaDateFormat } from "./java-date-format";
import { boolProp, type Props, textProp } from "./serdes-props";
import { openText } from "./task-io";
import { checkZone, zonedFields } from "./zoned-fields";

// Kestra's IonToExcel: an Ion file (or a map of sheet name → Ion file) written as the sheets of one
// .xlsx workbook, streamed: rows are committed as they are read. As Kestra (POI's SXSSF): a struct's
// keys are the header (from the first struct), `Formula:` text is a formula, a null is the text
// `null`, a timestamp is the date it falls on in timeZoneId, formatted with dateFormat.

interface ExcelOptions {
  header: boolean;
  styles: boolean;
  zone: string;
  dateFormat: string;
}

/** Characters Excel refuses in a sheet name. */
const BAD_SHEET_NAME = /[\\/?*[\]:]/;

export async function ionToExcel(ctx: PluginContext, props: Props): Promise<PluginOutcome> {
  const sheets = sheetSources(props);
  decoderFor(textProp(props, "charset", "UTF-8"));
  const dateFormat = textProp(props, "dateFormat", DATE_FORMATS.dateFormat);
  javaDateFormat(dateFormat);
  javaDateFormat(textProp(props, "timeFormat", DATE_FORMATS.timeFormat));
  javaDateFormat(textProp(props, "dateTimeFormat", DATE_FORMATS.dateTimeFormat));
  const options: ExcelOptions = {
    header: boolProp(props, "header", true),
    styles: boolProp(props, "styles", true),
    zone: checkZone(textProp(props, "timeZoneId", serverTimezone())),
    dateFormat,
  };

  const output = new PassThrough();
  let failure: unknown;
  const stored = ctx.putFile(`${ctx.taskId}.xlsx`, output).catch((err) => {
    // Storage refused (a size limit): stop writing too.
    failure = err;
    throw err;
  });
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: output, useStyles: true, useSharedStrings: false });
  let size = 0;
  try {
    for (const [title, uri] of sheets) {
      const sheet = workbook.addWorksheet(title);
      const rows = readIon(await openText(ctx, { from: uri }, "UTF-8"));
      for await (const row of rows) {
        if (failure) throw failure;
        ctx.signal.throwIfAborted();
        size++;
        writeRecord(sheet, row, options);
      }
      sheet.commit();
    }
    await workbook.commit();
  } catch (err) {
    output.destroy(err as Error);
    await stored.catch(() => undefined);
    throw err;
  }
  const uri = await stored;
  ctx.log(`${size} records converted`, "DEBUG");
  return { state: State.SUCCESS, outputs: { uri, size } };
}

/** `from`: one URI (a sheet named sheetsTitle), or a map of sheet name → URI. */
function sheetSources(props: Props): [string, string][] {
  const from = props.from;
  let sources: [string, string][];
  if (typeof from === "string" && from.trim() !== "")
    sources = [[textProp(props, "sheetsTitle", "Sheet"), from.trim()]];
  else if (from && typeof from === "object" && !Array.isArray(from)) {
    sources = Object.entries(from as Record<string, unknown>).map(([name, uri]) => {
      if (typeof uri !== "string" || uri.trim() === "")
        throw new Error(`from.${name} must be the URI of a stored file`);
      return [name, uri.trim()];
    });
    if (sources.length === 0) throw new Error("from must name at least one sheet");
  } else throw new Error("Invalid variable: 'from': the URI of a stored file, or a map of sheet name → URI");
  const seen = new Set<string>();
  for (const [name] of sources) {
    if (name === "" || name.length > 31 || BAD_SHEET_NAME.test(name) || name.startsWith("'") || name.endsWith("'"))
      throw new Error(
        `Invalid sheet name "${name}": 1 to 31 characters, none of \\ / ? * [ ] : and no quote at either end`,
      );
    if (seen.has(name.toLowerCase())) throw new Error(`The workbook already contains a sheet named "${name}"`);
    seen.add(name.toLowerCase());
  }
  return sources;
}

type Sheet = ReturnType<InstanceType<typeof ExcelJS.stream.xlsx.WorkbookWriter>["addWorksheet"]>;

/** Kestra's header comes from the first struct of each sheet; a list under a header is refused. */
function writeRecord(sheet: Sheet & { headerWritten?: boolean }, row: unknown, options: ExcelOptions): void {
  if (Array.isArray(row)) {
    if (options.header) throw new Error("Invalid data of type List with header");
    commitRow(sheet, row, options);
  } else if (row !== null && typeof row === "object" && !(row instanceof Date) && !Buffer.isBuffer(row)) {
    if (!sheet.headerWritten && options.header) commitRow(sheet, Object.keys(row), options);
    sheet.headerWritten = true;
    commitRow(sheet, Object.values(row), options);
  }
  // A top-level scalar is counted but not written, as Kestra.
}

function commitRow(sheet: Sheet, values: unknown[], options: ExcelOptions): void {
  const row = sheet.addRow([]);
  values.forEach((value, i) => {
    const cell = row.getCell(i + 1);
    const { content, date } = cellContent(value, options);
    cell.value = content as ExcelJS.CellValue;
    if (date && options.styles) cell.numFmt = options.dateFormat;
  });
  row.commit();
}

/** The cell POI's createCell makes of a value. */
function cellContent(value: unknown, options: ExcelOptions): { content: unknown; date?: boolean } {
  if (typeof value === "number" || typeof value === "boolean") return { content: value };
  if (typeof value === "bigint")
    return { content: value >= -(2n ** 63n) && value < 2n ** 63n ? Number(value) : value.toString() };
  if (value instanceof Date) {
    // A LocalDate is its date; an Instant the date it falls on in timeZoneId (its time is dropped).
    const f = isLocalDate(value)
      ? { year: value.getUTCFullYear(), month: value.getUTCMonth() + 1, day: value.getUTCDate() }
      : zonedFields(value, options.zone);
    return { content: new Date(Date.UTC(f.year, f.month - 1, f.day)), date: true };
  }
  const text = value === null || value === undefined ? "null" : javaString(value);
  if (text.startsWith("Formula:")) return { content: { formula: text.slice(8) } };
  return { content: text };
}
