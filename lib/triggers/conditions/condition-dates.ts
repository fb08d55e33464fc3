import { ConditionError } from "./condition-context";

/** A moment with the UTC offset it was written in (minutes), so its calendar day is the writer's. */
export interface ZonedMoment {
  epochMs: number;
  offsetMinutes: number;
}

const DAYS = ["SUNDAY", "MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY"] as const;

/** An ISO date or date-time; its own offset is kept (none or `Z`: UTC), as Kestra's ZonedDateTime. */
export function parseMoment(text: string): ZonedMoment {
  const trimmed = text.trim();
  const epochMs = Date.parse(
    /^\d{4}-\d{2}-\d{2}$/.test(trimmed)
      ? `${trimmed}T00:00:00Z`
      : /[zZ]|[+-]\d{2}:?\d{2}$/.test(trimmed)
        ? trimmed
        : `${trimmed}Z`,
  );
  if (Number.isNaN(epochMs)) throw new ConditionError(`"${text}" is not a date`);
  const offset = /([+-])(\d{2}):?(\d{2})$/.exec(trimmed);
  const offsetMinutes =
    offset && trimmed.includes("T") ? (offset[1] === "-" ? -1 : 1) * (Number(offset[2]) * 60 + Number(offset[3])) : 0;
  return { epochMs, offsetMinutes };
}

/** The calendar date the moment falls on where it was written, as a UTC-midnight Date. */
export function localDate(moment: ZonedMoment): Date {
  const local = new Date(moment.epochMs + moment.offsetMinutes * 60_000);
  return new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate()));
}

export function dayOfWeek(day: Date): (typeof DAYS)[number] {
  return DAYS[day.getUTCDay()];
}

/** Which of its weekday the day is in its month: 1 for the first Monday, …; `last` when no later one follows. */
export function weekdayRank(day: Date): { nth: number; last: boolean } {
  const nth = Math.floor((day.getUTCDate() - 1) / 7) + 1;
  const nextWeek = new Date(day.getTime() + 7 * 86_400_000);
  return { nth, last: nextWeek.getUTCMonth() !== day.getUTCMonth() };
}

/**
 * A time of day as seconds since UTC midnight (an offset moves it; none is UTC), so that two times
 * compare as Kestra's OffsetTime.isAfter/isBefore do: by instant on the same date.
 */
export function timeOfDaySeconds(text: string): number {
  const m = /^(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|([+-])(\d{2}):?(\d{2}))?$/.exec(text.trim());
  if (!m) throw new ConditionError(`"${text}" is not a time of day`);
  const local = Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3] ?? 0);
  const offset = m[5] ? (m[5] === "-" ? -1 : 1) * (Number(m[6]) * 3600 + Number(m[7]) * 60) : 0;
  return local - offset;
}

/** The moment's time of day, in the same measure as timeOfDaySeconds. */
export function momentTimeOfDaySeconds(moment: ZonedMoment): number {
  const local = new Date(moment.epochMs + moment.offsetMinutes * 60_000);
  return local.getUTCHours() * 3600 + local.getUTCMinutes() * 60 + local.getUTCSeconds() - moment.offsetMinutes * 60;
}
