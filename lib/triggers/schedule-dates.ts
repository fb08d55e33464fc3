import type { CronTicks } from "../values/cron";

/** What `{{ trigger.* }}` reads in an execution a Schedule started (Kestra's names). */
export interface ScheduleVariables {
  date: string;
  next: string | null;
  previous: string | null;
}

/** The tick, the one after and the one before, as ISO text with the offset of the trigger's zone (as Kestra shows them). */
export function scheduleVariables(ticks: CronTicks, date: Date, zone: string): ScheduleVariables {
  const next = ticks.after(date);
  const previous = ticks.before(date);
  return {
    date: isoInZone(date, zone),
    next: next && isoInZone(next, zone),
    previous: previous && isoInZone(previous, zone),
  };
}

/** `2026-10-25T02:30:00+02:00` (or `…Z` at offset zero): the instant as a wall clock in `zone`. */
export function isoInZone(date: Date, zone: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-US", {
      timeZone: zone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    })
      .formatToParts(date)
      .map((p) => [p.type, p.value]),
  );
  const wall = `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:${parts.second}`;
  const whole = Math.floor(date.getTime() / 1000) * 1000;
  const offsetMinutes = Math.round((Date.parse(`${wall}Z`) - whole) / 60_000);
  return `${wall}${offsetText(offsetMinutes)}`;
}

function offsetText(minutes: number): string {
  if (minutes === 0) return "Z";
  const sign = minutes > 0 ? "+" : "-";
  const abs = Math.abs(minutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, "0")}:${String(abs % 60).padStart(2, "0")}`;
}
