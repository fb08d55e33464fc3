import { isList } from "../values";
import { simple } from "./args";
import { definePrelude } from "./registry";
import { JqError, typeError } from "./values";
import { DAY_NAMES, MONTH_NAMES } from "../../../values/calendar-names";

// Dates in UTC, as jq 1.6 has them: seconds since the epoch, or "broken down time" arrays
// [year, month (0-11), day, hours, minutes, seconds, weekday, day of the year].
// localtime, strflocaltime and friends need a time zone database: not there.

const DAYS = DAY_NAMES;
const MONTHS = MONTH_NAMES;

function dayOfYear(d: Date): number {
  return Math.floor((d.getTime() - Date.UTC(d.getUTCFullYear(), 0, 1)) / 86_400_000);
}

function brokenDown(secs: number): number[] {
  const d = new Date(Math.floor(secs) * 1000);
  if (Number.isNaN(d.getTime())) throw new JqError("error converting number of seconds since epoch to datetime");
  return [
    d.getUTCFullYear(),
    d.getUTCMonth(),
    d.getUTCDate(),
    d.getUTCHours(),
    d.getUTCMinutes(),
    d.getUTCSeconds() + (secs - Math.floor(secs)),
    d.getUTCDay(),
    dayOfYear(d),
  ];
}

function toDate(v: unknown, what: string): Date {
  if (typeof v === "number") return new Date(Math.floor(v) * 1000);
  if (!isList(v) || v.length < 6 || v.slice(0, 6).some((x) => typeof x !== "number"))
    throw new JqError(`${what} requires parsed datetime inputs`);
  const [y, mo, d, h, mi, s] = v as number[];
  return new Date(Date.UTC(y, mo, d, h, mi, Math.floor(s)));
}

simple("gmtime/0", (input) => {
  if (typeof input !== "number") throw new JqError("gmtime() requires a number");
  return brokenDown(input);
});
simple("mktime/0", (input) => {
  if (!isList(input)) throw new JqError("mktime requires array of 6 numbers");
  return Math.floor(toDate(input, "mktime").getTime() / 1000);
});

const pad = (n: number, w = 2, c = "0") => String(n).padStart(w, c);

function directive(d: Date, c: string): string | undefined {
  const h = d.getUTCHours();
  switch (c) {
    case "Y":
      return String(d.getUTCFullYear());
    case "C":
      return pad(Math.floor(d.getUTCFullYear() / 100));
    case "y":
      return pad(d.getUTCFullYear() % 100);
    case "m":
      return pad(d.getUTCMonth() + 1);
    case "d":
      return pad(d.getUTCDate());
    case "e":
      return pad(d.getUTCDate(), 2, " ");
    case "H":
      return pad(h);
    case "k":
      return pad(h, 2, " ");
    case "I":
      return pad(h % 12 || 12);
    case "l":
      return pad(h % 12 || 12, 2, " ");
    case "M":
      return pad(d.getUTCMinutes());
    case "S":
      return pad(d.getUTCSeconds());
    case "j":
      return pad(dayOfYear(d) + 1, 3);
    case "a":
    case "A":
      return c === "a" ? DAYS[d.getUTCDay()].slice(0, 3) : DAYS[d.getUTCDay()];
    case "b":
    case "h":
    case "B":
      return c === "B" ? MONTHS[d.getUTCMonth()] : MONTHS[d.getUTCMonth()].slice(0, 3);
    case "p":
      return h < 12 ? "AM" : "PM";
    case "u":
      return String(d.getUTCDay() || 7);
    case "w":
      return String(d.getUTCDay());
    case "s":
      return String(Math.floor(d.getTime() / 1000));
    case "Z":
      return "UTC";
    case "z":
      return "+0000";
    case "n":
      return "\n";
    case "t":
      return "\t";
    case "%":
      return "%";
    default:
      return COMPOSITE[c] === undefined ? undefined : strftime(d, COMPOSITE[c]);
  }
}

const COMPOSITE: Record<string, string> = {
  F: "%Y-%m-%d",
  T: "%H:%M:%S",
  D: "%m/%d/%y",
  R: "%H:%M",
  r: "%I:%M:%S %p",
  c: "%a %b %e %H:%M:%S %Y",
  x: "%m/%d/%y",
  X: "%H:%M:%S",
};

function strftime(d: Date, fmt: string): string {
  return fmt.replace(/%([A-Za-z%])/g, (m, c: string) => directive(d, c) ?? m);
}

simple("strftime/1", (input, fmt) => {
  if (typeof fmt !== "string") throw new JqError("strftime/1 requires a string format");
  if (typeof input !== "number" && !isList(input)) throw new JqError("strftime/1 requires parsed datetime inputs");
  return strftime(toDate(input, "strftime/1"), fmt);
});

// strptime: each directive as a pattern and how it sets the fields.
type Fields = { y: number; mo: number; d: number; h: number; mi: number; s: number; pm?: boolean; epoch?: number };
const NAMES = (list: readonly string[]) => list.map((n) => `${n}|${n.slice(0, 3)}`).join("|");
const DIRECTIVES: Record<string, [string, (f: Fields, v: string) => void]> = {
  Y: ["[+-]?\\d{1,4}", (f, v) => (f.y = Number(v))],
  m: ["\\d{1,2}", (f, v) => (f.mo = Number(v) - 1)],
  d: ["\\d{1,2}", (f, v) => (f.d = Number(v))],
  e: [" ?\\d{1,2}", (f, v) => (f.d = Number(v))],
  H: ["\\d{1,2}", (f, v) => (f.h = Number(v))],
  I: ["\\d{1,2}", (f, v) => (f.h = Number(v) % 12)],
  M: ["\\d{1,2}", (f, v) => (f.mi = Number(v))],
  S: ["\\d{1,2}", (f, v) => (f.s = Number(v))],
  y: ["\\d{2}", (f, v) => (f.y = Number(v) + (Number(v) < 69 ? 2000 : 1900))],
  j: [
    "\\d{1,3}",
    (f, v) => {
      f.mo = 0;
      f.d = Number(v);
    },
  ],
  a: [NAMES(DAYS), () => {}],
  A: [NAMES(DAYS), () => {}],
  b: [NAMES(MONTHS), (f, v) => (f.mo = MONTHS.findIndex((n) => n.slice(0, 3) === v.slice(0, 3)))],
  B: [NAMES(MONTHS), (f, v) => (f.mo = MONTHS.findIndex((n) => n.slice(0, 3) === v.slice(0, 3)))],
  p: ["AM|PM|am|pm", (f, v) => (f.pm = v.toUpperCase() === "PM")],
  s: ["-?\\d+", (f, v) => (f.epoch = Number(v))],
  Z: ["[A-Za-z]+", () => {}],
  z: ["[+-]\\d{4}|Z", () => {}],
  "%": ["%", () => {}],
};
DIRECTIVES.h = DIRECTIVES.b;

simple("strptime/1", (input, fmt) => {
  if (typeof input !== "string") throw typeError(input, "cannot be parsed as a datetime, it must be a string");
  if (typeof fmt !== "string") throw new JqError("strptime/1 requires a string format");
  const expanded = fmt.replace(/%T/g, "%H:%M:%S").replace(/%F/g, "%Y-%m-%d").replace(/%D/g, "%m/%d/%y");
  const setters: ((f: Fields, v: string) => void)[] = [];
  let source = "^";
  for (const part of expanded.split(/(%[A-Za-z%])/)) {
    const dir = /^%([A-Za-z%])$/.exec(part);
    if (dir && Object.hasOwn(DIRECTIVES, dir[1])) {
      source += `(${DIRECTIVES[dir[1]][0]})`;
      setters.push(DIRECTIVES[dir[1]][1]);
    } else source += part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace(/\s+/g, "\\s*");
  }
  const m = new RegExp(`${source}$`).exec(input);
  if (!m) throw new JqError(`date "${input}" does not match format "${fmt}"`);
  const f: Fields = { y: 1900, mo: 0, d: 1, h: 0, mi: 0, s: 0 };
  for (const [i, set] of setters.entries()) set(f, m[i + 1].trim());
  if (f.pm) f.h = (f.h % 12) + 12;
  if (f.epoch !== undefined) return brokenDown(f.epoch);
  const t = Date.UTC(f.y, f.mo, f.d, f.h, f.mi, f.s);
  if (Number.isNaN(t)) throw new JqError(`date "${input}" does not match format "${fmt}"`);
  return brokenDown(t / 1000);
});

definePrelude(`
def todateiso8601: strftime("%Y-%m-%dT%H:%M:%SZ");
def fromdateiso8601: strptime("%Y-%m-%dT%H:%M:%SZ") | mktime;
def todate: todateiso8601;
def fromdate: fromdateiso8601;
def date: todate;
def dateadd(u; n): . + n;
def datesub(u; n): . - n;
`);
