import type { DateFields } from "./zoned-fields";
import { DAY_NAMES, MONTH_NAMES } from "../../values/calendar-names";

// Java DateTimeFormatter patterns (Kestra's dateFormat, timeFormat, dateTimeFormat), the subset its
// defaults and common patterns use:
//   y/u year (yy: two digits)   M month (MMM Jan, MMMM January)   d day   E day of week (EEEE Monday)
//   H hour 0-23   h hour 1-12   a AM/PM   m minute   s second   S fraction (SSS milliseconds)
//   X offset, Z for zero (X +01, XX +0100, XXX +01:00)   x offset (+00 for zero)   Z offset (+0100)
//   'text' literal ('' a quote)   [ ] optional section: printed only when its fields are known
// Any other letter is refused. As in Java, a field the value lacks (the hour of a date) fails
// outside an optional section.

type Token = { text: string } | { letter: string; count: number } | { optional: Token[] };

const MONTHS = MONTH_NAMES;
const DAYS = DAY_NAMES;
const SUPPORTED = "yuMdEHhamsSXxZ";
/** Java's names of the fields, for its "Unsupported field" message. */
const FIELD_NAMES: Record<string, string> = {
  y: "YearOfEra",
  u: "Year",
  M: "MonthOfYear",
  d: "DayOfMonth",
  E: "DayOfWeek",
  H: "HourOfDay",
  h: "ClockHourOfAmPm",
  a: "AmPmOfDay",
  m: "MinuteOfHour",
  s: "SecondOfMinute",
  S: "NanoOfSecond",
  X: "OffsetSeconds",
  x: "OffsetSeconds",
  Z: "OffsetSeconds",
};

class MissingField extends Error {}

/** A formatter for `pattern`; throws at once on a pattern it cannot format. */
export function javaDateFormat(pattern: string): (fields: DateFields) => string {
  const tokens = parse(pattern);
  return (fields) => {
    try {
      return print(tokens, fields);
    } catch (err) {
      if (err instanceof MissingField) throw new Error(`Unsupported field: ${err.message}`);
      throw err;
    }
  };
}

function parse(pattern: string): Token[] {
  const stack: Token[][] = [[]];
  let i = 0;
  while (i < pattern.length) {
    const ch = pattern[i];
    const top = stack[stack.length - 1];
    if (/[A-Za-z]/.test(ch)) {
      let count = 1;
      while (pattern[i + count] === ch) count++;
      if (!SUPPORTED.includes(ch))
        throw new Error(
          `Unsupported pattern letter '${ch}' in "${pattern}": Osprey formats the letters ${SUPPORTED.split("").join(" ")}`,
        );
      top.push({ letter: ch, count });
      i += count;
    } else if (ch === "'") {
      const end = pattern.indexOf("'", i + 1);
      if (end < 0) throw new Error(`Pattern ends with an incomplete string literal: ${pattern}`);
      top.push({ text: end === i + 1 ? "'" : pattern.slice(i + 1, end) });
      i = end + 1;
    } else if (ch === "[") {
      const section: Token[] = [];
      top.push({ optional: section });
      stack.push(section);
      i++;
    } else if (ch === "]") {
      if (stack.length === 1) throw new Error(`Pattern invalid as it contains ] without previous [: ${pattern}`);
      stack.pop();
      i++;
    } else {
      top.push({ text: ch });
      i++;
    }
  }
  return stack[0];
}

function print(tokens: Token[], fields: DateFields): string {
  let out = "";
  for (const token of tokens) {
    if ("text" in token) out += token.text;
    else if ("letter" in token) out += field(token.letter, token.count, fields);
    else {
      try {
        out += print(token.optional, fields);
      } catch (err) {
        if (!(err instanceof MissingField)) throw err;
      }
    }
  }
  return out;
}

function field(letter: string, count: number, f: DateFields): string {
  const need = (value: number | undefined) => {
    if (value === undefined) throw new MissingField(FIELD_NAMES[letter]);
    return value;
  };
  switch (letter) {
    case "y":
    case "u":
      return count === 2 ? pad(f.year % 100, 2) : pad(f.year, count);
    case "M":
      if (count >= 4) return MONTHS[f.month - 1];
      if (count === 3) return MONTHS[f.month - 1].slice(0, 3);
      return number(f.month, count, letter);
    case "d":
      return number(f.day, count, letter);
    case "E": {
      const day = DAYS[new Date(Date.UTC(f.year, f.month - 1, f.day)).getUTCDay()];
      return count >= 4 ? day : day.slice(0, 3);
    }
    case "H":
      return number(need(f.hour), count, letter);
    case "h":
      return number(((need(f.hour) + 11) % 12) + 1, count, letter);
    case "a":
      return need(f.hour) < 12 ? "AM" : "PM";
    case "m":
      return number(need(f.minute), count, letter);
    case "s":
      return number(need(f.second), count, letter);
    case "S":
      return pad(need(f.millis), 3).padEnd(9, "0").slice(0, count);
    default:
      return offset(letter, count, need(f.offsetSeconds));
  }
}

/** A one- or two-letter numeric field (`d` unpadded, `dd` two digits). */
function number(value: number, count: number, letter: string): string {
  if (count > 2) throw new Error(`Too many pattern letters: ${letter}`);
  return pad(value, count);
}

function offset(letter: string, count: number, seconds: number): string {
  if (count > 5) throw new Error(`Too many pattern letters: ${letter}`);
  if (seconds === 0 && (letter === "X" || (letter === "Z" && count === 5))) return "Z";
  const sign = seconds < 0 ? "-" : "+";
  const abs = Math.abs(seconds);
  const hh = pad(Math.floor(abs / 3600), 2);
  const mm = pad(Math.floor((abs % 3600) / 60), 2);
  if (letter === "Z") return count === 4 ? `GMT${sign}${hh}:${mm}` : `${sign}${hh}${count === 5 ? ":" : ""}${mm}`;
  if (count === 1) return mm === "00" ? `${sign}${hh}` : `${sign}${hh}${mm}`;
  return count % 2 === 0 ? `${sign}${hh}${mm}` : `${sign}${hh}:${mm}`;
}

const pad = (value: number, width: number) => String(value).padStart(width, "0");
