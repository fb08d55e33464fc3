import { DAY_NAMES, MONTH_NAMES } from "../../values/calendar-names";

// Parsing text with a Java DateTimeFormatter pattern, as Kestra's Avro converter does for
// `dateFormat`, `timeFormat` and `datetimeFormat`: the subset of letters java-date-format.ts prints
// (y u M d E H h a m s S X x Z, 'literals', [optional sections]). As Java: the whole text must match;
// `S` repeated n times reads exactly n digits; `yy` reads two digits of 2000-2099.

export interface ParsedDate {
  year?: number;
  month?: number;
  day?: number;
  hour?: number;
  minute?: number;
  second?: number;
  nanos?: number;
  offsetSeconds?: number;
}

type Reader = { regex: string; read?: (text: string, into: ParsedDate) => void };

const OFFSET = (zulu: boolean, colon: "yes" | "no" | "any", minutes: "yes" | "any") => {
  const mm = colon === "yes" ? ":\\d{2}" : colon === "no" ? "\\d{2}" : ":?\\d{2}";
  const sign = `[+-]\\d{2}(?:${mm})${minutes === "any" ? "?" : ""}`;
  return zulu ? `(?:Z|${sign})` : sign;
};

function offsetSeconds(text: string): number {
  if (text === "Z") return 0;
  const m = /^([+-])(\d{2}):?(\d{2})?$/.exec(text)!;
  return (m[1] === "-" ? -1 : 1) * (Number(m[2]) * 3600 + Number(m[3] ?? 0) * 60);
}

const names = (list: readonly string[], short: boolean) => list.map((n) => (short ? n.slice(0, 3) : n)).join("|");

function letterReader(letter: string, count: number): Reader {
  const num = (min: number, max: number, set: (into: ParsedDate, n: number) => void): Reader => ({
    regex: `(\\d{${min},${max}})`,
    read: (text, into) => set(into, Number(text)),
  });
  switch (letter) {
    case "y":
    case "u":
      if (count === 2) return num(2, 2, (d, n) => (d.year = 2000 + n));
      return num(Math.max(count, 1), 9, (d, n) => (d.year = n));
    case "M":
      if (count === 3 || count === 4) {
        const short = count === 3;
        return {
          regex: `(${names(MONTH_NAMES, short)})`,
          read: (text, d) => (d.month = MONTH_NAMES.findIndex((m) => (short ? m.slice(0, 3) : m) === text) + 1),
        };
      }
      return num(count, 2, (d, n) => (d.month = n));
    case "d":
      return num(count, 2, (d, n) => (d.day = n));
    case "H":
      return num(count, 2, (d, n) => (d.hour = n));
    case "h":
      return num(count, 2, (d, n) => (d.hour = (d.hour ?? 0) >= 12 ? (n % 12) + 12 : n % 12));
    case "a":
      return { regex: "(AM|PM)", read: (text, d) => (d.hour = ((d.hour ?? 0) % 12) + (text === "PM" ? 12 : 0)) };
    case "m":
      return num(count, 2, (d, n) => (d.minute = n));
    case "s":
      return num(count, 2, (d, n) => (d.second = n));
    case "S":
      return { regex: `(\\d{${count}})`, read: (text, d) => (d.nanos = Number(text.padEnd(9, "0"))) };
    case "E":
      return { regex: `(?:${names(DAY_NAMES, count < 4)})` };
    case "X":
    case "x": {
      const zulu = letter === "X";
      const regex = count === 1 ? OFFSET(zulu, "no", "any") : OFFSET(zulu, count % 2 === 1 ? "yes" : "no", "yes");
      return { regex: `(${regex})`, read: (text, d) => (d.offsetSeconds = offsetSeconds(text)) };
    }
    case "Z":
      return { regex: `(${OFFSET(false, "no", "yes")})`, read: (text, d) => (d.offsetSeconds = offsetSeconds(text)) };
    default:
      throw new Error(`Unknown pattern letter: ${letter}`);
  }
}

const escapeRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** A parser for `pattern`; throws at once on a pattern it cannot read. */
export function javaDateParser(pattern: string): (text: string) => ParsedDate {
  const readers: Reader["read"][] = [];
  let regex = "";
  let i = 0;
  while (i < pattern.length) {
    const ch = pattern[i];
    if (/[A-Za-z]/.test(ch)) {
      let count = 1;
      while (pattern[i + count] === ch) count++;
      const reader = letterReader(ch, count);
      regex += reader.regex;
      if (reader.read) readers.push(reader.read);
      i += count;
    } else if (ch === "'") {
      const end = pattern.indexOf("'", i + 1);
      if (end < 0) throw new Error(`Pattern ends with an incomplete string literal: ${pattern}`);
      regex += end === i + 1 ? "'" : escapeRegex(pattern.slice(i + 1, end));
      i = end + 1;
    } else if (ch === "[") {
      regex += "(?:";
      i++;
    } else if (ch === "]") {
      regex += ")?";
      i++;
    } else {
      regex += escapeRegex(ch);
      i++;
    }
  }
  let compiled: RegExp;
  try {
    compiled = new RegExp(`^${regex}$`);
  } catch {
    throw new Error(`Invalid date pattern: ${pattern}`);
  }
  return (text) => {
    const match = compiled.exec(text);
    if (!match) throw new Error(`Text '${text}' could not be parsed with pattern '${pattern}'`);
    const parsed: ParsedDate = {};
    // Groups come in the order of the readers; a group of a skipped optional section is undefined.
    match.slice(1).forEach((group, index) => {
      if (group !== undefined) readers[index]!(group, parsed);
    });
    return parsed;
  };
}
