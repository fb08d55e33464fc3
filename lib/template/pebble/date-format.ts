import { fieldsIn, localToInstant, parseIso, type Instant, type ZonedFields } from "./date-time";
import { type DateNames, localizedStyle, namesFor } from "./date-locale";
import { FilterError } from "./errors";

const MONTHS = namesFor(undefined).months.full;
const DAYS = namesFor(undefined).days.full;

type Part = { letter: string; count: number } | { text: string };

/** Splits a java.time DateTimeFormatter pattern into letter runs and literal text. */
function tokenizePattern(pattern: string): Part[] {
  const parts: Part[] = [];
  for (let i = 0; i < pattern.length; ) {
    const c = pattern[i];
    if (c === "'") {
      const end = pattern.indexOf("'", i + 1);
      if (end === i + 1) {
        parts.push({ text: "'" });
        i += 2;
        continue;
      }
      if (end < 0) throw new FilterError(`Pattern ends with an incomplete string literal: ${pattern}`);
      parts.push({ text: pattern.slice(i + 1, end).replace(/''/g, "'") });
      i = end + 1;
    } else if (/[A-Za-z]/.test(c)) {
      let j = i;
      while (pattern[j] === c) j++;
      parts.push({ letter: c, count: j - i });
      i = j;
    } else {
      // Optional sections `[…]` always print here (every field exists).
      if (c !== "[" && c !== "]") parts.push({ text: c });
      i++;
    }
  }
  return parts;
}

const pad = (n: number, width: number) =>
  n < 0 ? `-${String(-n).padStart(width, "0")}` : String(n).padStart(width, "0");

function offset(seconds: number, style: "X" | "x" | "Z", count: number): string {
  if (seconds === 0 && (style === "X" || (style === "Z" && count === 5))) return "Z";
  if (style === "Z" && count === 4) return seconds === 0 ? "GMT" : `GMT${offset(seconds, "x", 3)}`;
  const sign = seconds < 0 ? "-" : "+";
  const abs = Math.abs(seconds);
  const hh = pad(Math.floor(abs / 3600), 2);
  const mm = pad(Math.floor((abs % 3600) / 60), 2);
  if (style === "Z") return count === 5 ? `${sign}${hh}:${mm}` : `${sign}${hh}${mm}`;
  if (count === 1) return mm === "00" ? `${sign}${hh}` : `${sign}${hh}${mm}`;
  if (count === 2 || count === 4) return `${sign}${hh}${mm}`;
  return `${sign}${hh}:${mm}`;
}

/** ISO 8601 week date: weeks start on Monday, week 1 holds the year's first Thursday. */
function isoWeek(f: ZonedFields): { year: number; week: number } {
  // The Thursday of this date's week decides its week-based year.
  const thursday = new Date(Date.UTC(f.year, f.month - 1, f.day + 4 - f.dayOfWeek));
  const year = thursday.getUTCFullYear();
  const week = Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / (7 * 86_400_000)) + 1;
  return { year, week };
}

function dayOfYear(f: ZonedFields): number {
  return (Date.UTC(f.year, f.month - 1, f.day) - Date.UTC(f.year, 0, 1)) / 86_400_000 + 1;
}

/**
 * Week-based year (`Y`) for Locale.US week rules (weeks start on Sunday, week 1 holds January 1):
 * the last days of December belong to next year when their week holds next January 1.
 */
function weekBasedYear(f: ZonedFields): number {
  const sundayBased = f.dayOfWeek % 7;
  const weekEnd = Date.UTC(f.year, f.month - 1, f.day + (6 - sundayBased));
  return weekEnd >= Date.UTC(f.year + 1, 0, 1) ? f.year + 1 : f.year;
}

function formatPart(p: Part, f: ZonedFields, names: DateNames): string {
  if ("text" in p) return p.text;
  const { letter, count } = p;
  switch (letter) {
    case "y":
    case "u":
      return count === 2 ? pad(f.year % 100, 2) : pad(f.year, count);
    case "Y": {
      const year = weekBasedYear(f);
      return count === 2 ? pad(year % 100, 2) : pad(year, count);
    }
    case "M":
    case "L":
      return count >= 4
        ? names.months.full[f.month - 1]
        : count === 3
          ? names.months.short[f.month - 1]
          : pad(f.month, count);
    case "d":
      return pad(f.day, count);
    case "D":
      return pad(dayOfYear(f), count);
    case "E":
      return count >= 4 ? names.days.full[f.dayOfWeek - 1] : names.days.short[f.dayOfWeek - 1];
    case "e":
    case "c":
      return count >= 4
        ? names.days.full[f.dayOfWeek - 1]
        : count === 3
          ? names.days.short[f.dayOfWeek - 1]
          : pad(f.dayOfWeek, count);
    case "a":
      return f.hour < 12 ? "AM" : "PM";
    case "H":
      return pad(f.hour, count);
    case "k":
      return pad(f.hour === 0 ? 24 : f.hour, count);
    case "h":
      return pad(f.hour % 12 === 0 ? 12 : f.hour % 12, count);
    case "K":
      return pad(f.hour % 12, count);
    case "m":
      return pad(f.minute, count);
    case "s":
      return pad(f.second, count);
    case "S":
      return String(f.nano).padStart(9, "0").slice(0, count).padEnd(count, "0");
    case "n":
      return pad(f.nano, count);
    case "A":
      return pad(((f.hour * 60 + f.minute) * 60 + f.second) * 1000 + Math.floor(f.nano / 1e6), count);
    case "X":
    case "x":
    case "Z":
      return offset(f.offsetSeconds, letter, count);
    case "V":
    case "z":
    case "O":
      return letter === "O" ? (f.offsetSeconds === 0 ? "GMT" : `GMT${offset(f.offsetSeconds, "x", 3)}`) : f.zone;
    case "G":
      return f.year > 0 ? "AD" : "BC";
    default:
      throw new FilterError(`Unknown pattern letter: ${letter}`);
  }
}

function isoTime(f: ZonedFields): string {
  const frac = f.nano ? `.${String(f.nano).padStart(9, "0").replace(/0+$/, "")}` : "";
  return `${pad(f.hour, 2)}:${pad(f.minute, 2)}:${pad(f.second, 2)}${frac}`;
}

const isoDate = (f: ZonedFields) => `${pad(f.year, 4)}-${pad(f.month, 2)}-${pad(f.day, 2)}`;
const isRegion = (zone: string) => !/^(?:Z|[+-]\d{2}(?::?\d{2})?)$/.test(zone);

/** Kestra's named formats (AbstractDate.FORMATTERS); `null` when `name` is a pattern. */
function named(name: string, f: ZonedFields, instant: Instant): string | null {
  const off = offset(f.offsetSeconds, "X", 3);
  switch (name) {
    case "iso":
      return formatPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSXXX", f);
    case "iso_sec":
      return formatPattern("yyyy-MM-dd'T'HH:mm:ssXXX", f);
    case "sql":
      return formatPattern("yyyy-MM-dd HH:mm:ss.SSSSSS", f);
    case "sql_seq":
      return formatPattern("yyyy-MM-dd HH:mm:ss", f);
    case "iso_date_time":
    case "iso_zoned_date_time":
      return `${isoDate(f)}T${isoTime(f)}${off}${isRegion(f.zone) ? `[${f.zone}]` : ""}`;
    case "iso_offset_date_time":
      return `${isoDate(f)}T${isoTime(f)}${off}`;
    case "iso_date":
    case "iso_offset_date":
      return `${isoDate(f)}${off}`;
    case "iso_time":
    case "iso_offset_time":
      return `${isoTime(f)}${off}`;
    case "iso_local_date":
      return isoDate(f);
    case "iso_local_time":
      return isoTime(f);
    case "iso_local_date_time":
      return `${isoDate(f)}T${isoTime(f)}`;
    case "iso_week_date": {
      const week = isoWeek(f);
      return `${pad(week.year, 4)}-W${pad(week.week, 2)}-${f.dayOfWeek}${off}`;
    }
    case "iso_ordinal_date":
      return `${pad(f.year, 4)}-${pad(dayOfYear(f), 3)}${off}`;
    case "iso_instant": {
      const u = fieldsIn(instant, "UTC");
      const digits = String(u.nano).padStart(9, "0");
      const frac =
        u.nano === 0
          ? ""
          : u.nano % 1e6 === 0
            ? `.${digits.slice(0, 3)}`
            : u.nano % 1e3 === 0
              ? `.${digits.slice(0, 6)}`
              : `.${digits}`;
      return `${isoDate(u)}T${pad(u.hour, 2)}:${pad(u.minute, 2)}:${pad(u.second, 2)}${frac}Z`;
    }
    case "rfc_1123_date_time":
      return `${DAYS[f.dayOfWeek - 1].slice(0, 3)}, ${f.day} ${MONTHS[f.month - 1].slice(0, 3)} ${f.year} ${pad(f.hour, 2)}:${pad(f.minute, 2)}:${pad(f.second, 2)} ${f.offsetSeconds === 0 ? "GMT" : offset(f.offsetSeconds, "x", 2)}`;
    default:
      return null;
  }
}

function formatPattern(pattern: string, f: ZonedFields, names: DateNames = namesFor(undefined)): string {
  return tokenizePattern(pattern)
    .map((p) => formatPart(p, f, names))
    .join("");
}

const STYLES = new Set(["full", "long", "medium", "short"]);

/**
 * Formats an instant in `zone` with a Kestra named format, a localized style (`full`, `long`,
 * `medium`, `short`) or a DateTimeFormatter pattern; `locale` names months and days (Kestra's
 * `locale` argument; English by default).
 */
export function formatInstant(instant: Instant, format: string, zone: string, locale?: string): string {
  if (STYLES.has(format)) return localizedStyle(instant, format as "full" | "long" | "medium" | "short", zone, locale);
  const f = fieldsIn(instant, zone);
  return named(format, f, instant) ?? formatPattern(format, f, namesFor(locale));
}

/** Reads `text` with a named format or a pattern (`existingFormat`), in `zone` when it has no offset. */
export function parseWithFormat(text: string, format: string, zone: string): Instant {
  if (format === "rfc_1123_date_time") {
    const ms = Date.parse(text);
    if (Number.isNaN(ms)) throw new FilterError(`Text '${text}' could not be parsed`);
    return { epochSecond: Math.floor(ms / 1000), nano: 0 };
  }
  if (format.startsWith("iso")) return parseIso(text, zone);
  const parts = tokenizePattern(format);
  const groups: { letter: string; count: number }[] = [];
  const re = parts
    .map((p) => {
      if ("text" in p) return p.text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
      groups.push(p);
      if ((p.letter === "M" || p.letter === "L") && p.count >= 3) return "([A-Za-z]+)";
      if (p.letter === "E") return "([A-Za-z]+)";
      if (p.letter === "a") return "(AM|PM|am|pm)";
      if ("XxZ".includes(p.letter)) return "(Z|[+-]\\d{2}(?::?\\d{2})?)";
      if (p.letter === "S") return `(\\d{${p.count}})`;
      return p.count === 1 ? "(\\d+)" : `(\\d{${p.count}})`;
    })
    .join("");
  const m = new RegExp(`^${re}$`).exec(text.trim());
  if (!m) throw new FilterError(`Text '${text}' could not be parsed with pattern '${format}'`);
  const f = { year: 1970, month: 1, day: 1, hour: 0, minute: 0, second: 0, nano: 0 };
  let pm: boolean | undefined;
  let offsetZone: string | undefined;
  groups.forEach((g, i) => {
    const v = m[i + 1];
    switch (g.letter) {
      case "y":
      case "u":
        f.year = g.count === 2 ? 2000 + Number(v) : Number(v);
        break;
      case "M":
      case "L":
        f.month =
          g.count >= 3
            ? MONTHS.findIndex((n) => n.toLowerCase().startsWith(v.toLowerCase().slice(0, 3))) + 1
            : Number(v);
        break;
      case "d":
        f.day = Number(v);
        break;
      case "H":
      case "k":
        f.hour = Number(v) % 24;
        break;
      case "h":
      case "K":
        f.hour = Number(v) % 12;
        break;
      case "a":
        pm = v.toUpperCase() === "PM";
        break;
      case "m":
        f.minute = Number(v);
        break;
      case "s":
        f.second = Number(v);
        break;
      case "S":
        f.nano = Number(v.padEnd(9, "0"));
        break;
      case "X":
      case "x":
      case "Z":
        offsetZone = v === "Z" ? "UTC" : v;
        break;
    }
  });
  if (pm) f.hour += 12;
  return localToInstant(f, offsetZone ?? zone);
}
