import type { Instant } from "./date-time";
import { FilterError } from "./errors";
import { MONTH_NAMES } from "../../values/calendar-names";

/** Month and day names of a locale, as java.time prints them for `MMMM`/`MMM` and `EEEE`/`EEE`. */
export interface DateNames {
  months: { full: string[]; short: string[] };
  days: { full: string[]; short: string[] };
}

const ENGLISH: DateNames = {
  months: {
    full: [...MONTH_NAMES],
    short: ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"],
  },
  days: {
    full: ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"],
    short: ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"],
  },
};

const cache = new Map<string, DateNames>();

/** Java's locale text (`fr`, `fr_FR`, `en-US`) as a BCP 47 tag Intl reads. */
export function localeTag(locale: string | undefined): string | undefined {
  if (locale === undefined || locale === "") return undefined;
  const tag = locale.replace(/_/g, "-");
  try {
    return Intl.getCanonicalLocales(tag)[0];
  } catch {
    throw new FilterError(`Invalid locale format: ${locale}`);
  }
}

/** The names for `locale` (English, Kestra's default, when none is given), from the runtime's CLDR data. */
export function namesFor(locale: string | undefined): DateNames {
  const tag = localeTag(locale);
  if (!tag || tag === "en" || tag.startsWith("en-")) return ENGLISH;
  let names = cache.get(tag);
  if (!names) {
    // Names as they stand inside a date (CLDR's format context, as java.time prints `MMM`, `EEE`),
    // not alone ("Mo." and "Dez." in German, not "Mo" and "Dez").
    const name = (options: Intl.DateTimeFormatOptions, date: number) => {
      const parts = new Intl.DateTimeFormat(tag, { day: "numeric", ...options, timeZone: "UTC" }).formatToParts(date);
      const kind = options.month ? "month" : "weekday";
      return parts.find((p) => p.type === kind)?.value ?? "";
    };
    const months = Array.from({ length: 12 }, (_, m) => Date.UTC(2021, m, 15));
    // 2021-03-01 is a Monday: Monday first, as java.time numbers the days.
    const days = Array.from({ length: 7 }, (_, d) => Date.UTC(2021, 2, 1 + d));
    names = {
      months: {
        full: months.map((m) => name({ month: "long" }, m)),
        short: months.map((m) => name({ month: "short" }, m)),
      },
      days: {
        full: days.map((d) => name({ weekday: "long" }, d)),
        short: days.map((d) => name({ weekday: "short" }, d)),
      },
    };
    cache.set(tag, names);
  }
  return names;
}

/**
 * Kestra's `full`, `long`, `medium` and `short` (DateTimeFormatter.ofLocalizedDateTime): the date
 * and time in the locale's own style, from the runtime's CLDR data as Java's own comes from CLDR.
 */
export function localizedStyle(
  instant: Instant,
  style: "full" | "long" | "medium" | "short",
  zone: string,
  locale: string | undefined,
): string {
  return new Intl.DateTimeFormat(localeTag(locale) ?? "en-US", {
    dateStyle: style,
    timeStyle: style,
    timeZone: zone,
  }).format(instant.epochSecond * 1000 + Math.floor(instant.nano / 1e6));
}
