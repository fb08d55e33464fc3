import { decimal, double, float, localDate, localDateTimeText, localTime, long, type Zones, zoned } from "./cells";
import { isoLocalTime, offsetAt, parseOffset, parseWall } from "./java-time";

// PostgreSQL's text results as Kestra's PostgresCellConverter makes them (over pgjdbc's getObject):
// int8 a Long, numeric a BigDecimal, date a LocalDate, time a LocalTime, timestamp a LocalDateTime,
// timestamptz a ZonedDateTime in the task's zone, interval an ISO-8601 text P…Y…M…DT…H…M…S,
// json/jsonb a map, bytea bytes, arrays lists, uuid text.

type Convert = (raw: string) => unknown;

const OID = {
  bool: 16,
  bytea: 17,
  int8: 20,
  int2: 21,
  int4: 23,
  oid: 26,
  json: 114,
  float4: 700,
  float8: 701,
  date: 1082,
  time: 1083,
  timestamp: 1114,
  timestamptz: 1184,
  interval: 1186,
  timetz: 1266,
  numeric: 1700,
  void: 2278,
  jsonb: 3802,
} as const;

/** Array type → its element type. */
const ARRAY_OF: Record<number, number> = {
  1000: OID.bool,
  1001: OID.bytea,
  1005: OID.int2,
  1007: OID.int4,
  1016: OID.int8,
  1021: OID.float4,
  1022: OID.float8,
  1182: OID.date,
  1183: OID.time,
  1115: OID.timestamp,
  1185: OID.timestamptz,
  1187: OID.interval,
  1270: OID.timetz,
  1231: OID.numeric,
  1009: 25,
  1015: 25,
  1014: 25,
  1003: 25,
  2951: 25,
  199: OID.json,
  3807: OID.jsonb,
};

/** The converter of one column's raw text, by its type's OID. */
export function pgConverter(oid: number, zones: Zones): Convert {
  const element = ARRAY_OF[oid];
  if (element !== undefined) {
    const one = pgConverter(element, zones);
    return (raw) => mapArray(parseArray(raw), one);
  }
  switch (oid) {
    case OID.bool:
      return (raw) => raw === "t";
    case OID.int2:
    case OID.int4:
      return (raw) => Number(raw);
    case OID.int8:
    case OID.oid:
      return (raw) => long(BigInt(raw));
    case OID.float4:
      return (raw) => float(Number(raw));
    case OID.float8:
      return (raw) => double(Number(raw));
    case OID.numeric:
      return decimal;
    case OID.bytea:
      return (raw) => (raw.startsWith("\\x") ? Buffer.from(raw.slice(2), "hex") : Buffer.from(raw, "latin1"));
    case OID.date:
      return (raw) => (/^\d{4}-\d{2}-\d{2}$/.test(raw) ? localDate(raw) : raw);
    case OID.time:
      // Kestra reads it through java.sql.Time: whole seconds.
      return (raw) => localTime(raw.replace(/\.\d+$/, ""));
    case OID.timetz:
      return (raw) => timeWithZone(raw, zones);
    case OID.timestamp:
      return localDateTimeText;
    case OID.timestamptz:
      return (raw) => {
        const at = instantOf(raw);
        return at ? zoned(at, zones) : raw;
      };
    case OID.interval:
      return isoInterval;
    case OID.json:
    case OID.jsonb:
      return jsonMap;
    case OID.void:
      return () => null;
    default:
      return (raw) => raw;
  }
}

/** `2024-01-31 10:15:00.123456+01` → the instant it names. */
export function instantOf(raw: string): { seconds: number; nanos: number } | null {
  const m = /^(.*?)([+-]\d{2}(?::?\d{2}){0,2}|Z)$/.exec(raw);
  const wall = m ? parseWall(m[1]) : null;
  if (!m || !wall) return null;
  return { seconds: wall.seconds - parseOffset(m[2]), nanos: wall.nanos };
}

/** timetz: Kestra reads it as a timestamp on 1970-01-01 and keeps the time of day in the task's zone. */
function timeWithZone(raw: string, zones: Zones): unknown {
  const m = /^(\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)([+-].+)$/.exec(raw);
  const time = m ? parseWall(`1970-01-01 ${m[1]}`) : null;
  if (!m || !time) return raw;
  const at = time.seconds - parseOffset(m[2]);
  const wall = at + offsetAt(zones.zone, at);
  const day = ((wall % 86_400) + 86_400) % 86_400;
  const hms = [Math.floor(day / 3600), Math.floor((day % 3600) / 60), day % 60].map((n) => String(n).padStart(2, "0"));
  const nanos = time.nanos ? `.${String(time.nanos).padStart(9, "0")}` : "";
  return isoLocalTime(hms.join(":") + nanos) === null ? raw : localTime(hms.join(":") + nanos);
}

/** Kestra's getISO8601Interval over pgjdbc's PGInterval (seconds cut to whole ones). */
export function isoInterval(raw: string): string {
  const part = (unit: string) => Number(new RegExp(`(-?\\d+) ${unit}s?\\b`).exec(raw)?.[1] ?? 0);
  const time = /([+-])?(\d+):(\d{2}):(\d{2}(?:\.\d+)?)/.exec(raw);
  const sign = time?.[1] === "-" ? -1 : 1;
  const [h, m, s] = time ? [Number(time[2]), Number(time[3]), Math.trunc(Number(time[4]))] : [0, 0, 0];
  const n = (v: number) => (v === 0 ? 0 : v);
  return `P${part("year")}Y${part("mon")}M${part("day")}DT${n(sign * h)}H${n(sign * m)}M${n(sign * s)}S`;
}

/** Kestra's JacksonMapper.toMap: a JSON object (or null); other JSON is refused as Kestra refuses it. */
function jsonMap(raw: string): unknown {
  const value: unknown = JSON.parse(raw);
  if (value === null || (typeof value === "object" && !Array.isArray(value))) return value;
  throw new Error(`Invalid data type [json] with value [${raw}]`);
}

type Nested = (string | null | Nested)[];

function mapArray(items: Nested, one: Convert): unknown[] {
  return items.map((item) => (item === null ? null : Array.isArray(item) ? mapArray(item, one) : one(item)));
}

/** A PostgreSQL array literal (`{1,2,NULL}`, `{"a b","c\"d"}`, `{{1,2},{3,4}}`). */
export function parseArray(text: string): Nested {
  let i = text.indexOf("{");
  const read = (): Nested => {
    const out: Nested = [];
    i++;
    while (i < text.length) {
      const c = text[i];
      if (c === "}") {
        i++;
        return out;
      }
      if (c === ",") {
        i++;
      } else if (c === "{") {
        out.push(read());
      } else if (c === '"') {
        let value = "";
        i++;
        while (i < text.length && text[i] !== '"') {
          if (text[i] === "\\") i++;
          value += text[i++];
        }
        i++;
        out.push(value);
      } else {
        let j = i;
        while (j < text.length && text[j] !== "," && text[j] !== "}") j++;
        const value = text.slice(i, j).trim();
        out.push(value.toUpperCase() === "NULL" ? null : value);
        i = j;
      }
    }
    return out;
  };
  return i < 0 ? [] : read();
}
