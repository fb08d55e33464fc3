import { Cron } from "croner";

/** Kestra's cron nicknames (a 5-field cron each). */
export const CRON_NICKNAMES = ["@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly"] as const;

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
 * A croner schedule that never runs a callback (the scheduler only asks it for dates). Nicknames
 * are 5-field, so they are read in 5-field mode even with `withSeconds` (as Kestra does).
 */
function schedule(spec: CronSpec): Cron {
  const text = spec.cron.trim();
  const mode = text.startsWith("@") || !spec.withSeconds ? "5-part" : "6-part";
  return new Cron(text, { timezone: spec.timezone ?? serverTimezone(), mode, paused: true });
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
