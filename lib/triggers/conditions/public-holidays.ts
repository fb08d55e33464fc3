import Holidays from "date-holidays";
import { ConditionError } from "./condition-context";

// Kestra's PublicHoliday condition (Jollyday there, date-holidays here): whether a calendar date is
// a public holiday of a country, or of one of its subdivisions (a state, a region).

const calendars = new Map<string, Holidays>();

function calendarOf(country: string, subDivision?: string): Holidays {
  const key = `${country}/${subDivision ?? ""}`;
  let calendar = calendars.get(key);
  if (!calendar) {
    calendar = new Holidays();
    const known =
      Object.hasOwn(calendar.getCountries(), country) &&
      (!subDivision || Object.hasOwn(calendar.getStates(country) ?? {}, subDivision));
    if (!known)
      throw new ConditionError(
        `no public holidays known for ${subDivision ? `${country}-${subDivision}` : country} (country: ISO 3166-1 code such as FR, subDivision: e.g. BY)`,
      );
    calendar.init(country, ...(subDivision ? [subDivision] : []));
    calendars.set(key, calendar);
  }
  return calendar;
}

/** `day`: the calendar date as a UTC-midnight Date (condition-dates' localDate). */
export function isPublicHoliday(day: Date, country: string, subDivision?: string): boolean {
  const ymd = day.toISOString().slice(0, 10);
  return calendarOf(country.toUpperCase(), subDivision?.toUpperCase())
    .getHolidays(day.getUTCFullYear())
    .some((h) => h.type === "public" && h.date.slice(0, 10) === ymd);
}

/** Kestra's default: the server's locale's country. */
export function defaultCountry(): string {
  const locale = new Intl.Locale(Intl.DateTimeFormat().resolvedOptions().locale);
  return locale.maximize().region ?? "US";
}
