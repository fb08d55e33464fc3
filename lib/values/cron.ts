import { Cron, CronPattern } from "croner";

/** Kestra's cron nicknames (a 5-field cron each). */
export const CRON_NICKNAMES = [
  "@yearly",
  "@annually",
  "@monthly",
  "@weekly",
  "@daily",
  "@midnight",
  "@hourly",
] as const;

export interface CronSpec {
  cron: string;
  /** Six fields, the first one seconds (Kestra's `withSeconds`). */
  withSeconds?: boolean;
  /** IANA zone the cron is read in; the server's zone when absent. */
  timezone?: string;
}

/** The server's zone, Kestra's default for `timezone`. */
export function serverTimezone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

/** True for a zone the runtime's IANA database knows (`Europe/Paris`, `UTC`). */
export function isTimezone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return true;
  } catch {
    // RangeError is how Intl says the zone is unknown.
    return false;
  }
}

/** Why the cron cannot be read, or null when it can. */
export function cronProblem(spec: CronSpec): string | null {
  if (spec.timezone !== undefined && !isTimezone(spec.timezone)) return `unknown time zone ${spec.timezone}`;
  const text = spec.cron.trim();
  if (text.startsWith("@") && !(CRON_NICKNAMES as readonly string[]).includes(text)) {
    return `unknown cron nickname ${text} (one of ${CRON_NICKNAMES.join(", ")})`;
  }
  const want = spec.withSeconds ? 6 : 5;
  const fields = text.split(/\s+/).length;
  if (!text.startsWith("@") && fields !== want) {
    return `cron must have ${want} fields${spec.withSeconds ? " (withSeconds: true)" : " (6 with withSeconds: true)"}, found ${fields}`;
  }
  try {
    schedule(spec);
    return null;
  } catch (err) {
    return err instanceof Error ? err.message.replace(/^CronPattern: /, "") : String(err);
  }
}

/**
 * The shortest time between two consecutive ticks, in seconds, read from the cron's second, minute
 * and hour fields: exact within a day; across midnight it assumes two consecutive days may both
 * fire (so it never overstates how far apart ticks are, day fields aside). DST shifts are not counted.
 */
export function shortestGapSeconds(spec: CronSpec): number {
  const pattern = new CronPattern(spec.cron.trim(), spec.timezone ?? serverTimezone(), { mode: modeOf(spec) });
  const on = (flags: number[]) => flags.flatMap((flag, i) => (flag ? [i] : []));
  const seconds = on(pattern.second);
  const minutesOfDay = on(pattern.hour).flatMap((h) => on(pattern.minute).map((m) => h * 60 + m));
  const firstSecond = seconds[0];
  const lastSecond = seconds[seconds.length - 1];
  let shortest = Infinity;
  // Within one minute: between two of its seconds.
  for (let i = 1; i < seconds.length; i++) shortest = Math.min(shortest, seconds[i] - seconds[i - 1]);
  // From the last second of one firing minute to the first of the next (the next day's first, last).
  const wrapped = [...minutesOfDay, minutesOfDay[0] + 24 * 60];
  for (let i = 1; i < wrapped.length; i++)
    shortest = Math.min(shortest, (wrapped[i] - wrapped[i - 1]) * 60 - lastSecond + firstSecond);
  return shortest;
}

/** Nicknames are 5-field, so they are read in 5-field mode even with `withSeconds` (as Kestra does). */
function modeOf(spec: CronSpec): "5-part" | "6-part" {
  const text = spec.cron.trim();
  return text.startsWith("@") || !spec.withSeconds ? "5-part" : "6-part";
}

/** A croner schedule that never runs a callback (the scheduler only asks it for dates). */
function schedule(spec: CronSpec): Cron {
  return new Cron(spec.cron.trim(), { timezone: spec.timezone ?? serverTimezone(), mode: modeOf(spec), paused: true });
}

/** Ticks of a cron in its zone, DST included (computed by croner). */
export class CronTicks {
  private readonly cron: Cron;

  constructor(spec: CronSpec) {
    this.cron = schedule(spec);
  }

  /** The first tick strictly after `date`, or null when there is none. */
  after(date: Date): Date | null {
    return this.cron.nextRun(date);
  }

  /** The first tick at or after `date` (milliseconds rounded up to the next second). */
  atOrAfter(date: Date): Date | null {
    const whole = Math.ceil(date.getTime() / 1000) * 1000;
    return this.after(new Date(whole - 1000));
  }

  /** The last tick strictly before `date`, or null (croner counts a run earlier in the reference's second). */
  before(date: Date): Date | null {
    return this.cron.previousRuns(1, date)[0] ?? null;
  }

  /** The last tick at or before `date`, or null. */
  atOrBefore(date: Date): Date | null {
    return this.before(new Date(date.getTime() + 1));
  }
}
