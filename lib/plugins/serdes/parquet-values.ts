import type { ParquetParsers, SchemaTree } from "hyparquet";
import { ionDate, ionDecimal, ionFloat, ionTyped, isoLocalTime } from "./kestra-ion";

// A Parquet value, as hyparquet decodes it, turned into what Kestra's ParquetToIon writes: parquet-avro
// reads the file into Avro values and AvroDeserializer into Java ones, which FileSerde writes to Ion.
// UTC-adjusted timestamps are Instants (Ion timestamps), local ones LocalDateTimes, dates LocalDates,
// times LocalTimes, decimals BigDecimals, doubles floats, unannotated binary a blob.

/** A timestamp as hyparquet hands it here: its count of microseconds, kept exact. */
class Micros {
  constructor(readonly value: bigint) {}
}

/** hyparquet's parsers, keeping timestamps' precision and JSON as text (parquet-avro reads it as a string). */
export const PARSERS: Partial<ParquetParsers> = {
  timestampFromMilliseconds: (ms) => new Micros(BigInt(ms) * 1000n),
  timestampFromMicroseconds: (us) => new Micros(BigInt(us)),
  timestampFromNanoseconds: (ns) => new Micros(BigInt(ns) / 1000n),
  jsonFromBytes: (bytes) => bytes && new TextDecoder().decode(bytes),
};

const decoder = new TextDecoder();

export function kestraValue(value: unknown, node: SchemaTree): unknown {
  if (value === null || value === undefined) return null;
  const { element, children } = node;
  if (element.converted_type === "LIST" && children.length === 1 && Array.isArray(value)) {
    const repeated = children[0];
    // Three levels (`list` / `element`), or the legacy two where the repeated field is the element.
    const item = repeated.children.length === 1 ? repeated.children[0] : repeated;
    return value.map((v) => kestraValue(v, item));
  }
  if ((element.converted_type === "MAP" || element.converted_type === "MAP_KEY_VALUE") && children.length === 1) {
    const valueNode = children[0].children.find((c) => c.element.name === "value");
    const entries = value instanceof Map ? [...value.entries()] : Object.entries(value as object);
    const out: Record<string, unknown> = Object.create(null);
    for (const [k, v] of entries) out[String(k)] = valueNode ? kestraValue(v, valueNode) : v;
    return out;
  }
  if (element.repetition_type === "REPEATED" && Array.isArray(value) && children.length === 0)
    return value.map((v) => leafValue(v, node));
  if (children.length > 0) {
    if (Array.isArray(value))
      return value.map((v) => kestraValue(v, { ...node, element: { ...element, repetition_type: "REQUIRED" } }));
    const struct = value as Record<string, unknown>;
    const out: Record<string, unknown> = Object.create(null);
    for (const child of children) out[child.element.name] = kestraValue(struct[child.element.name], child);
    return out;
  }
  return leafValue(value, node);
}

function leafValue(value: unknown, node: SchemaTree): unknown {
  if (value === null || value === undefined) return null;
  const { element } = node;
  const logical = element.logical_type;
  if (value instanceof Micros) {
    // A converted TIMESTAMP_* without a logical type is UTC-adjusted, as parquet-avro reads it.
    const local = logical?.type === "TIMESTAMP" && !logical.isAdjustedToUTC;
    return local ? ionTyped("LocalDateTime", localDateTime(value.value)) : new Date(Number(value.value / 1000n));
  }
  if (element.converted_type === "DATE" && value instanceof Date)
    return ionDate(value.getUTCFullYear(), value.getUTCMonth() + 1, value.getUTCDate());
  if (
    logical?.type === "TIME" ||
    element.converted_type === "TIME_MILLIS" ||
    element.converted_type === "TIME_MICROS"
  ) {
    const unit =
      logical?.type === "TIME" ? logical.unit : element.converted_type === "TIME_MILLIS" ? "MILLIS" : "MICROS";
    const perMicro = unit === "MILLIS" ? 1000n : unit === "NANOS" ? -1000n : 1n;
    const raw = BigInt(value as number | bigint);
    return ionTyped("LocalTime", localTime(perMicro < 0n ? raw / 1000n : raw * perMicro));
  }
  if (element.converted_type === "DECIMAL" && typeof value === "number") {
    const scale = element.scale ?? 0;
    return ionDecimal(BigInt(Math.round(value * 10 ** scale)), scale);
  }
  if (value instanceof Uint8Array) {
    const text = element.converted_type === "ENUM" || logical?.type === "ENUM" || logical?.type === "STRING";
    return text ? decoder.decode(value) : Buffer.from(value);
  }
  if (typeof value === "number" && (element.type === "DOUBLE" || element.type === "FLOAT")) return ionFloat(value);
  if (typeof value === "bigint" && value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER))
    return Number(value);
  return value;
}

const DAY_MICROS = 86_400_000_000n;

/** ISO_LOCAL_DATE_TIME of a count of micros since 1970-01-01T00:00 (no zone). */
function localDateTime(micros: bigint): string {
  const days = micros >= 0n ? micros / DAY_MICROS : -((-micros + DAY_MICROS - 1n) / DAY_MICROS);
  const date = new Date(Number(days) * 86_400_000);
  const day = `${String(date.getUTCFullYear()).padStart(4, "0")}-${String(date.getUTCMonth() + 1).padStart(2, "0")}-${String(date.getUTCDate()).padStart(2, "0")}`;
  return `${day}T${localTime(micros - days * DAY_MICROS)}`;
}

function localTime(micros: bigint): string {
  const total = Number(micros);
  const seconds = Math.floor(total / 1_000_000);
  return isoLocalTime(Math.floor(seconds / 3600), Math.floor(seconds / 60) % 60, seconds % 60, total % 1_000_000);
}
