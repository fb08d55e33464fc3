import { ionText, javaDouble } from "../../plugin-kit/ion-text";
import {
  type Instant,
  ionMillis,
  isoInstant,
  isoLocal,
  isoLocalTime,
  isoOffset,
  isoZoned,
  parseWall,
} from "./java-time";

// A column value as Kestra's cell converters make it (AbstractCellConverter and each database's),
// and how it then reads in the two places it goes: the task's outputs (Jackson's JSON: dates as
// ISO text, BigDecimal as a number, byte[] as base64) and a STORE file (Kestra's Ion: a LocalDate
// is a day timestamp, an Instant a millisecond one, other java.time values annotated strings such as
// `ZonedDateTime::"…"`, BigDecimal a decimal, Float and Double floats, byte[] a blob).

/** A value whose Ion and JSON forms differ from what plain JS values give. */
export class Typed {
  constructor(
    readonly ion: string,
    readonly json: unknown,
  ) {}
}

/** The zones a conversion reads in: the task's `timeZoneId` (else the server's), and the server's. */
export interface Zones {
  zone: string;
  server: string;
}

const annotated = (type: string, text: string) => new Typed(`${type}::${ionText(text)}`, text);

/** java.time.LocalDate from `yyyy-MM-dd`. */
export const localDate = (text: string) => new Typed(text, text);
/** java.time.LocalTime from `HH:mm[:ss[.f]]` (text that is not a time stays text). */
export const localTime = (text: string): unknown => {
  const iso = isoLocalTime(text);
  return iso === null ? text : annotated("LocalTime", iso);
};
/** java.time.LocalDateTime from its wall clock. */
export const localDateTime = (wallSeconds: number, nanos: number) =>
  annotated("LocalDateTime", isoLocal(wallSeconds, nanos));
/** LocalDateTime from `yyyy-MM-dd HH:mm:ss[.f]` text (other text stays text). */
export const localDateTimeText = (text: string): unknown => {
  const wall = parseWall(text);
  return wall ? localDateTime(wall.seconds, wall.nanos) : text;
};
/** ZonedDateTime in the task's zone; Kestra's JSON writes it at the server's offset. */
export const zoned = (instant: Instant, zones: Zones) =>
  new Typed(`ZonedDateTime::${ionText(isoZoned(instant, zones.zone))}`, isoOffset(instant, zones.server));
/** OffsetDateTime at UTC (DuckDB's TIMESTAMPTZ); JSON at the server's offset. */
export const offsetUtc = (instant: Instant, zones: Zones) =>
  new Typed(`OffsetDateTime::${ionText(isoOffset(instant, "Z"))}`, isoOffset(instant, zones.server));
/** java.time.Instant. */
export const instant = (value: Instant) => new Typed(ionMillis(value), isoInstant(value));

/** java.lang.Double (Ion float even when whole: `2.0e0`). */
export const double = (n: number) => new Typed(javaDouble(n), n);
/** java.lang.Float: Jackson widens it to a double for Ion (1.1f → 1.100000023841858e0). */
export const float = (n: number) => new Typed(javaDouble(Math.fround(n)), n);

/** `-12.50`: no leading zero but a lone one, and if below 1, fewer than six zeros after the point. */
const PLAIN_DECIMAL = /^-?(?:[1-9]\d*(?:\.\d+)?|0(?:\.(?:0{0,5}[1-9]\d*|0+))?)$/;

/** java.math.BigDecimal from plain decimal text (`-12.50`): an Ion decimal as ion-java prints it. */
export function decimal(text: string): unknown {
  // What databases print (`12.50`, `-0.5`, `7`) is already ion-java's text, but for a whole number's point.
  if (PLAIN_DECIMAL.test(text)) return new Typed(text.includes(".") ? text : `${text}.`, Number(text));
  const m = /^([+-]?)(\d*)(?:\.(\d*))?$/.exec(text.trim());
  if (!m || (m[2] === "" && !m[3])) return text;
  const scale = (m[3] ?? "").length;
  return decimalOf(BigInt(`${m[2] || "0"}${m[3] ?? ""}`) * (m[1] === "-" ? -1n : 1n), scale);
}

/** A decimal from its unscaled value and scale (value / 10^scale). */
export function decimalOf(unscaled: bigint, scale: number): Typed {
  const negative = unscaled < 0n;
  const digits = (negative ? -unscaled : unscaled).toString();
  const sign = negative ? "-" : "";
  let ion: string;
  if (scale === 0) ion = `${digits}.`;
  else if (scale < 0) ion = `${digits}d${-scale}`;
  else {
    const adjusted = digits.length - 1 - scale;
    if (adjusted >= 0) ion = `${digits.slice(0, digits.length - scale)}.${digits.slice(digits.length - scale)}`;
    else if (adjusted >= -6) ion = `0.${"0".repeat(scale - digits.length)}${digits}`;
    else ion = `${digits}d-${scale}`;
  }
  return new Typed(sign + ion, Number(`${unscaled}e${-scale}`));
}

/** java.lang.Long (or Integer): a JS number while exact, else an Ion int and, in outputs, its text. */
export function long(value: bigint | number): unknown {
  if (typeof value === "number") return value;
  return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER)
    ? Number(value)
    : new Typed(value.toString(), value.toString());
}

/** A value in a STORE file. */
export function ionCell(value: unknown): string {
  if (value instanceof Typed) return value.ion;
  if (Array.isArray(value)) return `[${value.map(ionCell).join(",")}]`;
  if (value !== null && typeof value === "object" && !Buffer.isBuffer(value) && !(value instanceof Date))
    return `{${Object.entries(value)
      .map(([k, v]) => `${fieldName(k)}:${ionCell(v)}`)
      .join(",")}}`;
  return ionText(value);
}

/** A value in the task's outputs (JSON). */
export function jsonCell(value: unknown): unknown {
  if (value instanceof Typed) return value.json;
  if (Buffer.isBuffer(value)) return value.toString("base64");
  if (typeof value === "bigint") return long(value) instanceof Typed ? value.toString() : Number(value);
  if (Array.isArray(value)) return value.map(jsonCell);
  if (value !== null && typeof value === "object" && !(value instanceof Date))
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, jsonCell(v)]));
  return value;
}

const fieldNames = new Map<string, string>();
/** A struct field name as plugin-kit's ionText writes it (bare, or quoted when it must be). */
function fieldName(name: string): string {
  let text = fieldNames.get(name);
  if (text === undefined) {
    text = ionText({ [name]: null }).slice(1, -":null}".length);
    if (fieldNames.size < 10_000) fieldNames.set(name, text);
  }
  return text;
}

/**
 * A result's rows as Kestra maps them (a LinkedHashMap by column label: a repeated label keeps its
 * first place and its last value), to JSON for outputs or Ion text for a STORE file.
 */
export class RowShape {
  private readonly keys: string[];
  private readonly at: number[];
  private readonly prefixes: string[];

  constructor(columns: readonly string[]) {
    const last = new Map<string, number>();
    for (const [i, name] of columns.entries()) last.set(name, i);
    this.keys = [...last.keys()];
    this.at = this.keys.map((k) => last.get(k)!);
    this.prefixes = this.keys.map((k, i) => `${i === 0 ? "" : ","}${fieldName(k)}:`);
  }

  json(cells: readonly unknown[]): Record<string, unknown> {
    const row: Record<string, unknown> = {};
    this.keys.forEach((k, i) => {
      row[k] = jsonCell(cells[this.at[i]]);
    });
    return row;
  }

  ion(cells: readonly unknown[]): string {
    let text = "{";
    for (let i = 0; i < this.keys.length; i++) text += this.prefixes[i] + ionCell(cells[this.at[i]]);
    return `${text}}`;
  }
}
