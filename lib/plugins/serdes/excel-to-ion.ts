import type { PluginContext, PluginOutcome } from "../../plugin-kit/plugin-task";
import { State } from "../../states/states";
import { serverTimezone } from "../../values/cron";
import { decoderFor } from "./charsets";
import { type CellRender, cellValue, DATE_TIME_RENDERS, headerText, VALUE_RENDERS } from "./excel-cells";
import { ionFloat, kestraIonLines } from "./kestra-ion";
import { boolProp, enumProp, fromUri, intProp, type Props, stringListProp, textProp } from "./serdes-props";
import { batchBytes } from "./text-stream";
import { workbookReader } from "./excel-workbook-reader";

// Kestra's ExcelToIon: each sheet of an .xlsx workbook (or those named in `sheetsTitle`) becomes an
// Ion file of its rows: structs keyed by the header row, or lists. Outputs `uris` (sheet → URI) and
// `size` (rows of all sheets). The workbook is read as a stream (exceljs), one row at a time; its
// shared strings are held in memory, as POI's streaming reader holds them.

interface SheetOptions {
  header: boolean;
  skipEmptyRows: boolean;
  skipRows: number;
  render: CellRender;
}

type SheetRow = { number: number; cellCount: number; getCell(col: number): { value: unknown; numFmt?: string } };
type SheetReader = AsyncIterable<SheetRow> & { name?: string; id?: number };

export async function excelToIon(ctx: PluginContext, props: Props): Promise<PluginOutcome> {
  // charset is Kestra's property; an .xlsx is XML in UTF-8 whatever it says, so it is only checked.
  decoderFor(textProp(props, "charset", "UTF-8"));
  const titles = stringListProp(props, "sheetsTitle", []);
  const skipRows = intProp(props, "skipRows", 0);
  if (skipRows < 0) throw new Error(`skipRows must be 0 or more, got ${skipRows}`);
  const options: SheetOptions = {
    header: boolProp(props, "header", true),
    skipEmptyRows: boolProp(props, "skipEmptyRows", false),
    skipRows,
    render: {
      value: enumProp(props, "valueRender", VALUE_RENDERS, "UNFORMATTED_VALUE"),
      dateTime: enumProp(props, "dateTimeRender", DATE_TIME_RENDERS, "UNFORMATTED_VALUE"),
      zone: serverTimezone(),
      date1904: false,
    },
  };
  const file = await ctx.openFile(fromUri(props));
  const workbook = workbookReader(file.stream, {
    sharedStrings: "cache",
    styles: "cache",
    hyperlinks: "ignore",
    worksheets: "emit",
  });
  const uris: Record<string, string> = {};
  const names = new Set<string>();
  let size = 0;
  try {
    for await (const sheet of workbook as AsyncIterable<SheetReader>) {
      ctx.signal.throwIfAborted();
      const name = sheet.name ?? `Sheet${sheet.id ?? names.size + 1}`;
      if (titles.length > 0 && !titles.includes(name)) {
        // A sheet left out is still read through: the workbook is one stream.
        for await (const _ of sheet);
        continue;
      }
      options.render.date1904 = Boolean(
        (workbook as unknown as { properties?: { model?: { date1904?: boolean } } }).properties?.model?.date1904,
      );
      const count = { rows: 0 };
      uris[name] = await ctx.putFile(
        fileName(ctx.taskId, name, names),
        batchBytes(kestraIonLines(sheetRecords(sheet, options, count))),
      );
      size += count.rows;
    }
  } catch (err) {
    file.stream.destroy();
    if (
      err instanceof Error &&
      /zip|signature|end of central directory|invalid/i.test(err.message) &&
      size === 0 &&
      names.size === 0
    )
      throw new Error(`Not an Excel (.xlsx) file: ${err.message}`);
    throw err;
  }
  ctx.log(`${names.size} sheets, ${size} rows converted`, "DEBUG");
  return { state: State.SUCCESS, outputs: { uris, size } };
}

/** An output file name per sheet: the task id and the sheet's name, in characters a file name keeps. */
function fileName(taskId: string, sheet: string, taken: Set<string>): string {
  const base = `${taskId}_${sheet.replace(/[^A-Za-z0-9._-]/g, "_")}`;
  let name = base;
  for (let i = 2; taken.has(name); i++) name = `${base}_${i}`;
  taken.add(name);
  return `${name}.ion`;
}

/** Kestra's rows of a sheet: the header row after `skipRows` rows, its columns for every row. */
async function* sheetRecords(
  sheet: SheetReader,
  options: SheetOptions,
  count: { rows: number },
): AsyncGenerator<unknown> {
  const { header, skipEmptyRows, render } = options;
  let skipped = 0;
  let headers: string[] | undefined;
  let firstCol = 1;
  let lastCol = -1;
  for await (const row of sheet) {
    if (skipped < options.skipRows) {
      skipped++;
      continue;
    }
    if (header && !headers) {
      const present = presentColumns(row);
      firstCol = present.first;
      lastCol = present.last;
      headers = [];
      for (let col = firstCol; col <= lastCol; col++) {
        const value = cellValue(row.getCell(col), render);
        headers.push(value === null ? `Column${col - 1}` : headerText(value));
      }
      continue;
    }
    // Without a header, the first row read sets how many columns every row has.
    if (lastCol < 0) lastCol = presentColumns(row).last;
    const values: unknown[] = [];
    for (let col = firstCol; col <= lastCol; col++) values.push(ionValue(cellValue(row.getCell(col), render)));
    if (skipEmptyRows && values.every((v) => v === null)) continue;
    count.rows++;
    if (!headers || headers.length === 0) {
      yield values;
      continue;
    }
    const record: Record<string, unknown> = Object.create(null);
    headers.forEach((name, i) => {
      record[name] = values[i] ?? null;
    });
    yield record;
  }
}

/** The first and last columns (1-based) that hold a cell; none gives an empty range. */
function presentColumns(row: SheetRow): { first: number; last: number } {
  let first = 0;
  let last = 0;
  for (let col = 1; col <= row.cellCount; col++) {
    const value = row.getCell(col).value;
    if (value === null || value === undefined) continue;
    if (first === 0) first = col;
    last = col;
  }
  return first === 0 ? { first: 1, last: 0 } : { first, last };
}

/** A cell's value in Ion: numbers are Java Doubles, so floats. */
const ionValue = (value: unknown) => (typeof value === "number" ? ionFloat(value) : value);
