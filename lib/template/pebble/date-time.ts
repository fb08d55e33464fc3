import { zoneFormatter as wallClock } from "../../values/zone-offset";
import { FilterError } from "./errors";

/** An instant with nanosecond precision (JS Dates stop at milliseconds; Kestra prints micros). */
export interface Instant {
  epochSecond: number;
  nano: number;
}

/** The wall-clock fields of an instant in a zone. */
export interface ZonedFields {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  nano: number;
  dayOfWeek: number; // 1 = Monday … 7 = Sunday (java.time)
  offsetSeconds: number;
  zone: string;
}

function zoneFormatter(zone: string): Intl.DateTimeFormat {
  try {
    return wallClock(zone);
  } catch (err) {
    throw new FilterError((err as Error).message);
  }
}

const OFFSET_ZONE = /^(?:Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)$/;

/** Seconds east of UTC for `zone` at `epochSecond` (fixed offsets and IANA ids). */
export function offsetAt(zone: string, epochSecond: number): number {
  if (zone === "Z" || zone === "UTC" || zone === "GMT") return 0;
  const fixed = /^([+-])(\d{2}):?(\d{2})?$/.exec(zone);
  if (fixed) return (fixed[1] === "-" ? -1 : 1) * (Number(fixed[2]) * 3600 + Number(fixed[3] ?? 0) * 60);
  const parts = zoneFormatter(zone).formatToParts(new Date(epochSecond * 1000));
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value);
  const local = Date.UTC(get("year"), get("month") - 1, get("day"), get("hour"), get("minute"), get("second")) / 1000;
  return local - epochSecond;
}

export function checkZone(zone: string): string {
  if (!OFFSET_ZONE.test(zone)) zoneFormatter(zone);
  return zone;
}

export function fieldsIn(instant: Instant, zone: string): ZonedFields {
  const offsetSeconds = offsetAt(zone, instant.epochSecond);
  const d = new Date((instant.epochSecond + offsetSeconds) * 1000);
  const dow = d.getUTCDay();
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
    nano: instant.nano,
    dayOfWeek: dow === 0 ? 7 : dow,
    offsetSeconds,
    zone,
  };
}

/** The instant of a wall-clock time in a zone (java.time picks the earlier offset in overlaps). */
export function localToInstant(
  f: { year: number; month: number; day: number; hour: number; minute: number; second: number; nano: number },
  zone: string,
): Instant {
  const local = Date.UTC(f.year, f.month - 1, f.day, f.hour, f.minute, f.second) / 1000;
  let guess = local - offsetAt(zone, local);
  guess = local - offsetAt(zone, guess);
  return { epochSecond: guess, nano: f.nano };
}

export function fromDate(d: Date): Instant {
  const ms = d.getTime();
  const epochSecond = Math.floor(ms / 1000);
  return { epochSecond, nano: (ms - epochSecond * 1000) * 1_000_000 };
}

const ISO =
  /^(-?\d{4,})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?(Z|[+-]\d{2}(?::?\d{2})?)?(?:\[([^\]]+)\])?$/;

/**
 * Kestra's AbstractDate.convert for strings: a zoned/offset date-time keeps its offset, a local
 * date-time is read in `zone`, a date alone is its start of day in `zone`.
 */
export function parseIso(text: string, zone: string): Instant {
  const m = ISO.exec(text.trim());
  if (!m) throw new FilterError(`Text '${text}' could not be parsed`);
  const [, y, mo, d, h, mi, s, frac, offset, region] = m;
  if (h === undefined && offset !== undefined) throw new FilterError(`Text '${text}' could not be parsed`);
  const fields = {
    year: Number(y),
    month: Number(mo),
    day: Number(d),
    hour: Number(h ?? 0),
    minute: Number(mi ?? 0),
    second: Number(s ?? 0),
    nano: frac ? Number(frac.padEnd(9, "0")) : 0,
  };
  const own = offset ?? region;
  return localToInstant(fields, own ? checkZone(own === "Z" ? "UTC" : own) : zone);
}

/** Adds `amount` of a java ChronoUnit, on the wall clock for date units (as ZonedDateTime.plus). */
export function plus(instant: Instant, amount: number, unit: string, zone: string): Instant {
  const exact: Record<string, number> = {
    NANOS: 1e-9,
    MICROS: 1e-6,
    MILLIS: 1e-3,
    SECONDS: 1,
    MINUTES: 60,
    HOURS: 3600,
    HALF_DAYS: 43200,
  };
  if (unit in exact) {
    const totalNanos =
      BigInt(instant.epochSecond) * 1_000_000_000n +
      BigInt(instant.nano) +
      BigInt(Math.round(amount * exact[unit] * 1e9));
    const sec = totalNanos / 1_000_000_000n - (totalNanos % 1_000_000_000n < 0n ? 1n : 0n);
    return { epochSecond: Number(sec), nano: Number(totalNanos - sec * 1_000_000_000n) };
  }
  const f = fieldsIn(instant, zone);
  const months: Record<string, number> = { MONTHS: 1, YEARS: 12, DECADES: 120, CENTURIES: 1200, MILLENNIA: 12000 };
  if (unit === "DAYS" || unit === "WEEKS") {
    const days = amount * (unit === "WEEKS" ? 7 : 1);
    const d = new Date(Date.UTC(f.year, f.month - 1, f.day + days));
    return localToInstant({ ...f, year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() }, zone);
  }
  if (unit in months) {
    const total = f.year * 12 + (f.month - 1) + amount * months[unit];
    const year = Math.floor(total / 12);
    const month = (total % 12) + 1;
    const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
    return localToInstant({ ...f, year, month, day: Math.min(f.day, lastDay) }, zone);
  }
  throw new FilterError(`No enum constant java.time.temporal.ChronoUnit.${unit}`);
}
