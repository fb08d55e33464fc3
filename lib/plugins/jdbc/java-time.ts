import { zoneOffsetMinutes } from "../../values/zone-offset";
// Dates and times written as Java's java.time types print them (Kestra's JDBC values are those
// types): ISO_LOCAL_*, ISO_OFFSET_DATE_TIME, ISO_ZONED_DATE_TIME and ISO_INSTANT, to the nanosecond.

/** A point in time: whole seconds since the epoch, and the nanoseconds within that second. */
export interface Instant {
  seconds: number;
  nanos: number;
}

const FIXED_OFFSET = /^(?:Z|[+-]\d{2}:\d{2}(?::\d{2})?)$/;

/** Seconds east of UTC in `zone` at `epochSeconds` (an IANA name, `UTC`, `Z` or `+01:00`). */
export function offsetAt(zone: string, epochSeconds: number): number {
  if (FIXED_OFFSET.test(zone)) return zone === "Z" ? 0 : parseOffset(zone);
  return zoneOffsetMinutes(new Date(epochSeconds * 1000), zone) * 60;
}

/** `+01`, `+0100`, `+01:00`, `-03:30:15`, `Z` → seconds east of UTC. */
export function parseOffset(text: string): number {
  if (text === "Z" || text === "z") return 0;
  const m = /^([+-])(\d{2}):?(\d{2})?(?::?(\d{2}))?$/.exec(text);
  if (!m) throw new Error(`"${text}" is not a UTC offset`);
  const seconds = Number(m[2]) * 3600 + Number(m[3] ?? 0) * 60 + Number(m[4] ?? 0);
  return m[1] === "-" ? -seconds : seconds;
}

/** A wall clock read in `zone` (as LocalDateTime.atZone: a gap moves it forward, an overlap takes the earlier). */
export function atZone(wallSeconds: number, zone: string): number {
  // The offsets around it (a zone changes offset at most once a day).
  const before = offsetAt(zone, wallSeconds - 86_400);
  const after = offsetAt(zone, wallSeconds + 86_400);
  const valid = [...new Set([before, after])].filter((o) => offsetAt(zone, wallSeconds - o) === o);
  if (valid.length > 0) return wallSeconds - Math.max(...valid);
  // In a gap: the offset before it, which lands the gap's length later.
  return wallSeconds - before;
}

/** `yyyy-MM-dd[ T]HH:mm[:ss[.fffffffff]]` (or a date alone) → wall-clock seconds and nanos, read as UTC. */
export function parseWall(text: string): { seconds: number; nanos: number } | null {
  const m = /^(-?\d{4,})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?$/.exec(text);
  if (!m) return null;
  const date = new Date(0);
  // setUTCFullYear, not Date.UTC: that one reads years 0–99 as 1900–1999.
  date.setUTCFullYear(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  date.setUTCHours(Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0), 0);
  const seconds = date.getTime() / 1000;
  return { seconds, nanos: Number((m[7] ?? "").padEnd(9, "0")) };
}

/** ISO_LOCAL_TIME's fraction: none when zero, else the nanoseconds without trailing zeros. */
function fraction(nanos: number): string {
  return nanos === 0 ? "" : `.${String(nanos).padStart(9, "0").replace(/0+$/, "")}`;
}

const civil = (seconds: number) => {
  const iso = new Date(seconds * 1000).toISOString();
  return iso.startsWith("+") || iso.startsWith("-") ? iso.slice(0, 23) : iso.slice(0, 19);
};

/** LocalDateTime: `2024-01-31T10:15:00.5`. */
export function isoLocal(wallSeconds: number, nanos: number): string {
  return civil(Math.floor(wallSeconds)) + fraction(nanos);
}

/** LocalTime from `HH:mm[:ss[.f]]`: `10:15:00`, `10:15:00.12`. */
export function isoLocalTime(text: string): string | null {
  const m = /^(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?$/.exec(text);
  if (!m || Number(m[1]) > 23) return null;
  return `${m[1]}:${m[2]}:${m[3] ?? "00"}${fraction(Number((m[4] ?? "").padEnd(9, "0")))}`;
}

export function offsetText(offset: number): string {
  if (offset === 0) return "Z";
  const abs = Math.abs(offset);
  const hm = `${String(Math.floor(abs / 3600)).padStart(2, "0")}:${String(Math.floor((abs % 3600) / 60)).padStart(2, "0")}`;
  return `${offset < 0 ? "-" : "+"}${hm}${abs % 60 ? `:${String(abs % 60).padStart(2, "0")}` : ""}`;
}

/** OffsetDateTime (ISO_OFFSET_DATE_TIME) of the instant in `zone`: `2024-01-31T11:15:00+01:00`. */
export function isoOffset(instant: Instant, zone: string): string {
  const offset = offsetAt(zone, instant.seconds);
  return isoLocal(instant.seconds + offset, instant.nanos) + offsetText(offset);
}

/** ZonedDateTime (ISO_ZONED_DATE_TIME): the offset form, and the region in brackets. */
export function isoZoned(instant: Instant, zone: string): string {
  return isoOffset(instant, zone) + (FIXED_OFFSET.test(zone) ? "" : `[${zone}]`);
}

/** Instant (ISO_INSTANT): UTC, the fraction in groups of three digits. */
export function isoInstant(instant: Instant): string {
  const { nanos } = instant;
  const digits = nanos % 1_000_000 === 0 ? 3 : nanos % 1000 === 0 ? 6 : 9;
  const frac = nanos === 0 ? "" : `.${String(nanos).padStart(9, "0").slice(0, digits)}`;
  return `${civil(instant.seconds)}${frac}Z`;
}

/** An Ion timestamp to the millisecond, as ion-java writes Timestamp.forDateZ. */
export function ionMillis(instant: Instant): string {
  return `${civil(instant.seconds)}.${String(Math.floor(instant.nanos / 1e6)).padStart(3, "0")}Z`;
}
