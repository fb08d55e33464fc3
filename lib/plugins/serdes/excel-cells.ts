import { format as formatNumber } from "numfmt";
import { javaDoubleText } from "../../plugin-kit/java-text";
import { zoneOffsetMinutes } from "../../values/zone-offset";

// An Excel cell's value as Kestra's ExcelToIon reads it with Apache POI, from the cell exceljs's
// streaming reader gives: its value (a Date when its number format is a date's, `{formula, result}`
// for a formula with its cached result, `{error}`, `{richText}`) and its number format.
// Numbers are Java Doubles: returned as JavaScript numbers, written to Ion as floats.

export const VALUE_RENDERS = ["FORMATTED_VALUE", "UNFORMATTED_VALUE", "FORMULA"] as const;
export const DATE_TIME_RENDERS = ["SERIAL_NUMBER", "FORMATTED_STRING", "UNFORMATTED_VALUE"] as const;

export interface CellRender {
  value: (typeof VALUE_RENDERS)[number];
  dateTime: (typeof DATE_TIME_RENDERS)[number];
  /** The server's zone: POI reads a date cell as a java.util.Date in it. */
  zone: string;
  date1904: boolean;
}

export interface ExcelCell {
  value: unknown;
  numFmt?: string;
}

/** What POI sees in a cell. */
type Cell =
  | { kind: "blank" }
  | { kind: "string"; text: string }
  | { kind: "boolean"; value: boolean }
  | { kind: "number"; value: number; date: boolean }
  | { kind: "error"; text: string }
  | { kind: "formula"; formula: string; cached: Cell };

const DAY_MS = 86_400_000;

/** A cell as Kestra writes it: null, a string, a boolean, a number (a Double) or a Date. */
export function cellValue(cell: ExcelCell, render: CellRender): unknown {
  const poi = poiCell(cell, render.date1904);
  if (poi.kind === "blank") return null;
  if (render.value === "FORMATTED_VALUE") return formatted(poi, cell.numFmt, render);
  // FORMULA: a formula cell's cached result, as UNFORMATTED_VALUE does (Kestra fails on other cells).
  return unformatted(poi, cell.numFmt, render);
}

/** A header cell's text: String.valueOf of its value. */
export function headerText(value: unknown): string {
  if (typeof value === "number") return javaDoubleText(value);
  if (value instanceof Date) return value.toISOString();
  return String(value);
}

function unformatted(cell: Cell, numFmt: string | undefined, render: CellRender): unknown {
  switch (cell.kind) {
    case "string":
      return cell.text;
    case "boolean":
      return cell.value;
    case "number":
      return numeric(cell, numFmt, render);
    case "formula":
      return cell.cached.kind === "formula"
        ? null
        : cell.cached.kind === "error"
          ? null
          : unformatted(cell.cached, numFmt, render);
    default:
      return null;
  }
}

/** POI's convertNumeric: a date-formatted number by dateTimeRender, any other one as a Double. */
function numeric(cell: Extract<Cell, { kind: "number" }>, numFmt: string | undefined, render: CellRender): unknown {
  if (!cell.date) return cell.value;
  if (render.dateTime === "SERIAL_NUMBER") return cell.value;
  if (render.dateTime === "FORMATTED_STRING") return formatNumber(numFmt ?? "General", cell.value);
  // The serial's calendar date, as LocalDate.toString (its time is dropped).
  return wallTime(cell.value, render.date1904).toISOString().slice(0, 10);
}

/** POI's DataFormatter without a formula evaluator: a formula cell gives its formula's text. */
function formatted(cell: Cell, numFmt: string | undefined, render: CellRender): unknown {
  switch (cell.kind) {
    case "string":
      return cell.text;
    case "boolean":
      return cell.value ? "TRUE" : "FALSE";
    case "error":
      return cell.text;
    case "formula":
      return cell.formula;
    case "number":
      if (!cell.date) return formatNumber(numFmt ?? "General", cell.value);
      if (render.dateTime === "SERIAL_NUMBER") return cell.value;
      if (render.dateTime === "FORMATTED_STRING") return formatNumber(numFmt ?? "General", cell.value);
      // A java.util.Date: the serial's wall time in the server's zone.
      return inZone(wallTime(cell.value, render.date1904), render.zone);
    default:
      return null;
  }
}

function poiCell(cell: ExcelCell, date1904: boolean): Cell {
  const value = cell.value;
  if (value === null || value === undefined || value === "") return { kind: "blank" };
  if (typeof value === "string") return { kind: "string", text: value };
  if (typeof value === "boolean") return { kind: "boolean", value };
  if (typeof value === "number") return { kind: "number", value, date: false };
  if (value instanceof Date) return { kind: "number", value: serialOf(value, date1904), date: true };
  const v = value as Record<string, unknown>;
  if ("formula" in v || "sharedFormula" in v) {
    return {
      kind: "formula",
      formula: String(v.formula ?? v.sharedFormula ?? ""),
      cached: cachedResult(v.result, cell.numFmt),
    };
  }
  if ("error" in v) return { kind: "error", text: String(v.error) };
  if (Array.isArray(v.richText))
    return { kind: "string", text: v.richText.map((r: { text?: string }) => r.text ?? "").join("") };
  if ("text" in v) return { kind: "string", text: String(v.text) };
  return { kind: "string", text: String(value) };
}

/** A formula's cached result: the reader gives numbers (an error's text reads as NaN) and strings. */
function cachedResult(result: unknown, numFmt: string | undefined): Cell {
  if (typeof result === "number") {
    if (Number.isNaN(result)) return { kind: "error", text: "#VALUE!" };
    return { kind: "number", value: result, date: isDateFormat(numFmt) };
  }
  if (typeof result === "string") return { kind: "string", text: result };
  if (typeof result === "boolean") return { kind: "boolean", value: result };
  if (result instanceof Date) return { kind: "number", value: serialOf(result, false), date: true };
  if (result && typeof result === "object" && "error" in result) return { kind: "error", text: String(result.error) };
  return { kind: "blank" };
}

/** POI's DateUtil.isADateFormat, as exceljs's reader applies it: date letters outside quotes and brackets. */
export function isDateFormat(numFmt: string | undefined): boolean {
  if (!numFmt) return false;
  const bare = numFmt.replace(/\[[^\]]*]/g, "").replace(/"[^"]*"/g, "");
  return /[ymdhMsb]+/.test(bare);
}

/** The Excel serial number of a date the reader made (its UTC fields are the sheet's wall time). */
function serialOf(date: Date, date1904: boolean): number {
  return date.getTime() / DAY_MS + (date1904 ? 24107 : 25569);
}

/** The wall time a serial stands for, as a Date whose UTC fields are that time. */
function wallTime(serial: number, date1904: boolean): Date {
  return new Date(Math.round((serial - (date1904 ? 24107 : 25569)) * DAY_MS));
}

/** A wall time taken in `zone`: the instant it is there. */
function inZone(wall: Date, zone: string): Date {
  const first = zoneOffsetMinutes(wall, zone);
  const offset = zoneOffsetMinutes(new Date(wall.getTime() - first * 60_000), zone);
  return new Date(wall.getTime() - offset * 60_000);
}
