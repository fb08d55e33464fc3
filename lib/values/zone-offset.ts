// Wall-clock fields and offsets of an IANA time zone, from Intl (one formatter per zone, cached):
// what the template's date filters, the serdes date formats and the SQL time values all need.

const formatters = new Map<string, Intl.DateTimeFormat>();

/** A formatter giving a zone's wall-clock fields; an unknown zone throws "Unknown time-zone ID: …". */
export function zoneFormatter(zone: string): Intl.DateTimeFormat {
  let format = formatters.get(zone);
  if (!format) {
    try {
      format = new Intl.DateTimeFormat("en-US", {
        timeZone: zone,
        hourCycle: "h23",
        year: "numeric",
        month: "numeric",
        day: "numeric",
        hour: "numeric",
        minute: "numeric",
        second: "numeric",
      });
    } catch {
      // RangeError: not a zone the runtime knows (Java's message).
      throw new Error(`Unknown time-zone ID: ${zone}`);
    }
    formatters.set(zone, format);
  }
  return format;
}

/** The zone's offset from UTC at that instant, in minutes (east positive). */
export function zoneOffsetMinutes(date: Date, zone: string): number {
  const part = Object.fromEntries(
    zoneFormatter(zone)
      .formatToParts(date)
      .map((p) => [p.type, Number(p.value)]),
  );
  const wall = Date.UTC(part.year, part.month - 1, part.day, part.hour, part.minute, part.second);
  const instant = date.getTime() - date.getUTCMilliseconds();
  return Math.round((wall - instant) / 60_000);
}
