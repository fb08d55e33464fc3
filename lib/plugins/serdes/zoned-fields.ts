// A date's calendar fields in a time zone, for the Java pattern formatter: Java's ZoneId names
// (`UTC`, `Europe/Paris`, `+02:00`, `Z`) through the runtime's IANA database.
import { zoneOffsetMinutes } from "../../values/zone-offset";

export interface DateFields {
  year: number;
  month: number;
  day: number;
  /** Absent for a date without a time (a LocalDate). */
  hour?: number;
  minute?: number;
  second?: number;
  millis?: number;
  /** Absent when the value has no offset. */
  offsetSeconds?: number;
}

const FIXED = /^(?:UTC|GMT|UT)?([+-])(\d{1,2})(?::?(\d{2}))?$/;

/** Checks a zone id as Java's ZoneId.of does, with its message. */
export function checkZone(zone: string): string {
  zonedFields(new Date(0), zone);
  return zone;
}

/** The fields of `date` in `zone`. */
export function zonedFields(date: Date, zone: string): DateFields {
  const offsetMinutes = fixedOffset(zone) ?? regionOffset(date, zone);
  const local = new Date(date.getTime() + offsetMinutes * 60_000);
  return {
    year: local.getUTCFullYear(),
    month: local.getUTCMonth() + 1,
    day: local.getUTCDate(),
    hour: local.getUTCHours(),
    minute: local.getUTCMinutes(),
    second: local.getUTCSeconds(),
    millis: local.getUTCMilliseconds(),
    offsetSeconds: offsetMinutes * 60,
  };
}

/** A LocalDate's fields: the UTC date, no time, no offset. */
export function dateOnlyFields(date: Date): DateFields {
  return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() };
}

function fixedOffset(zone: string): number | undefined {
  if (zone === "Z" || zone === "UTC" || zone === "GMT" || zone === "UT") return 0;
  const m = FIXED.exec(zone);
  if (!m) return undefined;
  return (m[1] === "-" ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3] ?? 0));
}

/** A region's offset at that instant, from what Intl says the local time there is. */
const regionOffset = (date: Date, zone: string): number => zoneOffsetMinutes(date, zone);
