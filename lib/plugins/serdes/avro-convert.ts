import { javaString } from "../../plugin-kit/java-text";
import { isStruct } from "./avro-infer";
import type { AvroField, AvroRecord, AvroType } from "./avro-schema";
import { javaDateParser, type ParsedDate } from "./java-date-parse";
import { zonedFields } from "./zoned-fields";

// Kestra's AvroConverter: a value read from Ion, converted to what its Avro type holds, here in the
// form the Parquet writer takes (int/float/double → number; long, times in micros and timestamps →
// bigint; date → days; decimal → its unscaled bigint; bytes → Uint8Array). Text is read as Kestra
// reads it: `nullValues`, `trueValues`, `falseValues`, the Java patterns and `decimalSeparator`.

export const ON_BAD_RECORDS = ["ERROR", "WARN", "SKIP"] as const;

export interface ConvertOptions {
  nullValues: string[];
  trueValues: string[];
  falseValues: string[];
  dateFormat: string;
  timeFormat: string;
  datetimeFormat: string;
  decimalSeparator: string;
  strictSchema: boolean;
  inferAllFields: boolean;
  timeZoneId: string;
  onBadLines: (typeof ON_BAD_RECORDS)[number];
}

/** A value a field could not take. */
class CellError extends Error {}

const INT32 = { min: -(2 ** 31), max: 2 ** 31 - 1 };
const DAY_MS = 86_400_000;

export class AvroConverter {
  private readonly parseDate: (text: string) => ParsedDate;
  private readonly parseTime: (text: string) => ParsedDate;
  private readonly parseDateTime: (text: string) => ParsedDate;

  constructor(
    private readonly options: ConvertOptions,
    private readonly warn: (message: string) => void,
  ) {
    this.parseDate = javaDateParser(options.dateFormat);
    this.parseTime = javaDateParser(options.timeFormat);
    this.parseDateTime = javaDateParser(options.datetimeFormat);
  }

  /** One Ion record: a struct by field name (or `col0`, `col1`… by position), a list by position. */
  row(schema: AvroRecord, row: unknown): Record<string, unknown> {
    if (Array.isArray(row)) {
      const only = schema.fields.length === 1 ? schema.fields[0] : undefined;
      // A list record under a schema of one array field is that field's value (Kestra's root wrapper).
      if (only && only.schema.type === "array") return this.record(schema, { [only.name]: row });
      return this.positional(schema, row);
    }
    if (!isStruct(row)) throw new Error(`Unable to convert row of type: ${typeName(row)}`);
    const keys = Object.keys(row);
    if (keys.length > 0 && keys.every((k) => /^col\d+$/.test(k))) {
      if (this.options.strictSchema && keys.length > schema.fields.length) throw strictError(schema, keys.length);
      return this.positional(
        schema,
        schema.fields.map((_, i) => row[`col${i}`] ?? null),
        true,
      );
    }
    return this.record(schema, row);
  }

  private positional(schema: AvroRecord, values: unknown[], checked = false): Record<string, unknown> {
    if (!checked) this.checkStrict(schema, values.length);
    const byName: Record<string, unknown> = {};
    schema.fields.forEach((field, i) => {
      byName[field.name] = i < values.length ? values[i] : null;
    });
    return this.record(schema, byName, true);
  }

  private record(schema: AvroRecord, data: Record<string, unknown>, checked = false): Record<string, unknown> {
    const out: Record<string, unknown> = Object.create(null);
    for (const field of schema.fields) {
      try {
        out[field.name] = this.convert(field.schema, fieldValue(field, data), field.name);
      } catch (err) {
        const message = `Unable to convert field '${field.name}' with data [${trimmed(data)}]: ${(err as Error).message}`;
        if (this.options.onBadLines === "ERROR") throw new Error(message);
        if (this.options.onBadLines === "WARN") this.warn(message);
        out[field.name] = null;
      }
    }
    if (!checked) this.checkStrict(schema, Object.keys(data).length);
    return out;
  }

  private checkStrict(schema: AvroRecord, size: number): void {
    if (!this.options.strictSchema || size <= schema.fields.length) return;
    if (this.options.onBadLines === "ERROR") throw strictError(schema, size);
    if (this.options.onBadLines === "WARN")
      this.warn(`Data contains more fields than schema: expected ${schema.fields.length}, got ${size}`);
  }

  convert(schema: AvroType, data: unknown, path: string): unknown {
    const { nullValues, trueValues, falseValues, inferAllFields } = this.options;
    if (inferAllFields && typeof data === "string") {
      if (includes(nullValues, data)) return null;
      if (includes(trueValues, data)) return true;
      if (includes(falseValues, data)) return false;
    }
    const logical = "logical" in schema ? schema.logical : undefined;
    if (logical) return this.logicalValue(logical, schema, data);
    switch (schema.type) {
      case "record":
        if (!isStruct(data)) throw new CellError(`expected a struct, got ${typeName(data)}`);
        return this.record(schema, data);
      case "array":
        if (!Array.isArray(data)) throw new CellError(`expected a list, got ${typeName(data)}`);
        return data.map((item, i) => this.convert(schema.items, item, `${path}[${i}]`));
      case "map":
        if (!isStruct(data)) throw new CellError(`expected a struct, got ${typeName(data)}`);
        return Object.entries(data).map(([key, value]) => ({
          key,
          value: this.convert(schema.values, value, `${path}[${key}]`),
        }));
      case "union":
        for (const type of schema.types) {
          try {
            return this.convert(type, data, path);
          } catch {
            // Kestra's complexUnion: the first branch that takes the value wins.
          }
        }
        throw new CellError(`Invalid data for schema "union"`);
      case "fixed": {
        const bytes = bytesOf(data);
        if (bytes.length !== schema.size)
          throw new CellError(`Invalid length for fixed size, found ${bytes.length}, expexted ${schema.size}`);
        return bytes;
      }
      case "enum": {
        const symbol = javaString(data);
        if (!schema.symbols.includes(symbol))
          throw new CellError(`Invalid enum value, found ${symbol}, expected [${schema.symbols.join(", ")}]`);
        // Parquet keeps an enum as its symbol's UTF-8 bytes.
        return new TextEncoder().encode(symbol);
      }
      case "null":
        if (data === null || data === undefined || (typeof data === "string" && includes(nullValues, data)))
          return null;
        throw new CellError(`Unknown type for null values, found ${typeName(data)}`);
      case "int":
        return this.int(data);
      case "long":
        return this.long(data);
      case "float":
      case "double":
        return this.double(data);
      case "boolean":
        if (typeof data === "string" && includes(trueValues, data)) return true;
        if (typeof data === "string" && includes(falseValues, data)) return false;
        if (data === 1 || data === 0) return data === 1;
        if (typeof data === "boolean") return data;
        throw new CellError(`expected a boolean, got ${typeName(data)}`);
      case "string":
        return javaString(data);
      case "bytes":
        return bytesOf(data);
    }
  }

  private int(data: unknown): number {
    const n = typeof data === "string" ? javaInteger(data) : data;
    if (typeof n === "number" && Number.isInteger(n) && n >= INT32.min && n <= INT32.max) return n;
    if (typeof n === "bigint" && n >= BigInt(INT32.min) && n <= BigInt(INT32.max)) return Number(n);
    throw new CellError(
      typeof data === "string" ? `For input string: "${data}"` : `expected an int, got ${javaString(data)}`,
    );
  }

  private long(data: unknown): bigint {
    const n = typeof data === "string" ? javaInteger(data) : data;
    if (typeof n === "bigint" && n >= -(2n ** 63n) && n < 2n ** 63n) return n;
    if (typeof n === "number" && Number.isInteger(n)) return BigInt(n);
    throw new CellError(
      typeof data === "string" ? `For input string: "${data}"` : `expected a long, got ${javaString(data)}`,
    );
  }

  private double(data: unknown): number {
    if (typeof data === "number") return data;
    if (typeof data === "bigint") return Number(data);
    if (typeof data === "string") {
      const text = this.decimalText(data).trim();
      if (/^[+-]?(NaN|Infinity|(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?)[fFdD]?$/.test(text))
        return Number(text.replace(/[fFdD]$/, ""));
      throw new CellError(`For input string: "${data}"`);
    }
    throw new CellError(`expected a number, got ${typeName(data)}`);
  }

  private decimalText(text: string): string {
    const sep = this.options.decimalSeparator;
    return sep === "." ? text : text.replace(sep, ".");
  }

  private logicalValue(
    logical: NonNullable<Extract<AvroType, { logical?: unknown }>["logical"]>,
    schema: AvroType,
    data: unknown,
  ): unknown {
    switch (logical.name) {
      case "decimal":
        return unscaled(
          data,
          logical.scale,
          (t) => this.decimalText(t),
          schema.type === "fixed" ? schema.size : undefined,
        );
      case "uuid": {
        const text = javaString(data);
        if (!/^[0-9a-f]{1,8}-[0-9a-f]{1,4}-[0-9a-f]{1,4}-[0-9a-f]{1,4}-[0-9a-f]{1,12}$/i.test(text))
          throw new CellError(`Invalid UUID string: ${text}`);
        return text;
      }
      case "date":
        return this.days(data);
      case "time-millis":
        return Number(this.timeMicros(data) / 1000n);
      case "time-micros":
        return this.timeMicros(data);
      case "timestamp-millis":
        return this.instantMicros(data, 1000n) / 1000n;
      case "timestamp-micros":
        return this.instantMicros(data, 1n);
      case "local-timestamp-millis":
        return this.localMicros(this.instantMicros(data, 1000n)) / 1000n;
      case "local-timestamp-micros":
        return this.localMicros(this.instantMicros(data, 1n));
    }
  }

  private days(data: unknown): number {
    if (typeof data === "string") {
      const d = this.parseDate(data);
      if (d.year === undefined || d.month === undefined || d.day === undefined)
        throw new CellError(`Text '${data}' has no date with pattern '${this.options.dateFormat}'`);
      return Math.floor(Date.UTC(d.year, d.month - 1, d.day) / DAY_MS);
    }
    if (data instanceof Date) {
      // A timestamp at midnight UTC is Kestra's LocalDate; another instant is taken on its day in timeZoneId.
      const f = zonedFields(data, this.options.timeZoneId);
      return Math.floor(Date.UTC(f.year, f.month - 1, f.day) / DAY_MS);
    }
    throw new CellError(`expected a date, got ${typeName(data)}`);
  }

  private timeMicros(data: unknown): bigint {
    if (typeof data !== "string") throw new CellError(`expected a time, got ${typeName(data)}`);
    const t = this.parseTime(data);
    if (t.hour === undefined)
      throw new CellError(`Text '${data}' has no time with pattern '${this.options.timeFormat}'`);
    const seconds = t.hour * 3600 + (t.minute ?? 0) * 60 + (t.second ?? 0);
    return BigInt(seconds) * 1_000_000n + BigInt(Math.floor((t.nanos ?? 0) / 1000));
  }

  /** An instant in micros: epoch numbers in `unit` micros, text by datetimeFormat, timestamps as they are. */
  private instantMicros(data: unknown, unit: bigint): bigint {
    if (data instanceof Date) return BigInt(data.getTime()) * 1000n;
    if (typeof data === "bigint") return data * unit;
    if (typeof data === "number" && Number.isInteger(data)) return BigInt(data) * unit;
    if (typeof data !== "string") throw new CellError(`expected a timestamp, got ${typeName(data)}`);
    if (/^[+-]?\d+$/.test(data)) return BigInt(data) * unit;
    const d = this.parseDateTime(data);
    if (d.year === undefined || d.month === undefined || d.day === undefined || d.hour === undefined)
      throw new CellError(
        `Text '${data}' could not be parsed as a date-time with pattern '${this.options.datetimeFormat}'`,
      );
    const wallMs = Date.UTC(d.year, d.month - 1, d.day, d.hour, d.minute ?? 0, d.second ?? 0);
    const nanos = BigInt(Math.floor((d.nanos ?? 0) / 1000));
    const offsetMs =
      d.offsetSeconds !== undefined ? d.offsetSeconds * 1000 : zoneOffsetAt(wallMs, this.options.timeZoneId);
    return BigInt(wallMs - offsetMs) * 1000n + nanos;
  }

  /** The wall time of an instant in timeZoneId, counted as if it were UTC (a LocalDateTime). */
  private localMicros(micros: bigint): bigint {
    const ms = Number(micros / 1000n);
    const offset = zonedFields(new Date(ms), this.options.timeZoneId).offsetSeconds ?? 0;
    return micros + BigInt(offset) * 1_000_000n;
  }
}

/** The offset of `zone` in ms at a wall time (LocalDateTime.atZone: the earlier offset at an overlap). */
function zoneOffsetAt(wallMs: number, zone: string): number {
  const first = (zonedFields(new Date(wallMs), zone).offsetSeconds ?? 0) * 1000;
  const second = (zonedFields(new Date(wallMs - first), zone).offsetSeconds ?? 0) * 1000;
  return second;
}

/** A decimal's unscaled value at `scale`, rounded half-even as BigDecimal.setScale(HALF_EVEN). */
function unscaled(data: unknown, scale: number, normalise: (text: string) => string, fixedSize?: number): bigint {
  let text: string;
  if (typeof data === "string") text = normalise(data).trim();
  else if (typeof data === "number" && Number.isFinite(data)) text = data.toFixed(Math.min(scale + 2, 100));
  else if (typeof data === "bigint") text = data.toString();
  else throw new CellError(`expected a decimal, got ${typeName(data)}`);
  const m = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text);
  if (!m || (m[2] === "" && !m[3]))
    throw new CellError(`Character array is missing "exponent" mark 'e' or 'E'. (${text})`);
  const digits = `${m[2]}${m[3] ?? ""}` || "0";
  const shift = scale - (m[3]?.length ?? 0) + Number(m[4] ?? 0);
  let value: bigint;
  if (shift >= 0) value = BigInt(digits) * 10n ** BigInt(shift);
  else {
    const divisor = 10n ** BigInt(-shift);
    const whole = BigInt(digits);
    value = whole / divisor;
    const rest = whole % divisor;
    if (rest * 2n > divisor || (rest * 2n === divisor && value % 2n === 1n)) value++;
  }
  const signed = m[1] === "-" ? -value : value;
  if (fixedSize !== undefined && signed.toString(2).length > fixedSize * 8 - 1)
    throw new CellError(`decimal ${text} does not fit in ${fixedSize} bytes`);
  return signed;
}

/** Java's Long.valueOf / Integer.valueOf text: an optional sign and digits only. */
function javaInteger(text: string): bigint | undefined {
  return /^[+-]?\d+$/.test(text) ? BigInt(text) : undefined;
}

function bytesOf(data: unknown): Uint8Array {
  if (Buffer.isBuffer(data)) return new Uint8Array(data);
  return new TextEncoder().encode(javaString(data));
}

const includes = (list: string[], text: string) => list.some((v) => v.toLowerCase() === text.toLowerCase());

function fieldValue(field: AvroField, data: Record<string, unknown>): unknown {
  const value = data[field.name];
  if (value !== null && value !== undefined) return value;
  for (const alias of field.aliases) if (data[alias] !== null && data[alias] !== undefined) return data[alias];
  return null;
}

function strictError(schema: AvroRecord, size: number): Error {
  return new Error(`Data contains more fields than schema: expected ${schema.fields.length}, got ${size}`);
}

function typeName(value: unknown): string {
  if (value === null || value === undefined) return "null";
  if (value instanceof Date) return "timestamp";
  if (Array.isArray(value)) return "list";
  if (Buffer.isBuffer(value)) return "blob";
  return typeof value === "object" ? "struct" : typeof value;
}

function trimmed(data: unknown): string {
  const text = JSON.stringify(data, (_k, v) => (typeof v === "bigint" ? v.toString() : v)) ?? "null";
  return text.length > 250 ? `${text.slice(0, 250)} ...` : text;
}
