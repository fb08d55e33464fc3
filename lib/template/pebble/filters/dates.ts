import type { CallContext, PebbleFilter } from "../context";
import { formatInstant, parseWithFormat } from "../date-format";
import { checkZone, fromDate, parseIso, plus, type Instant } from "../date-time";
import { FilterError } from "../errors";
import { javaString } from "../values";
import { intArg, stringArg } from "./args";

export const DATE_ARGS = ["format", "timeZone", "existingFormat", "locale"];

function zoneOf(args: Record<string, unknown>, ctx: CallContext): string {
  return checkZone(args.timeZone === undefined || args.timeZone === null ? ctx.timeZone : String(args.timeZone));
}

/** Kestra's AbstractDate.convert: epoch seconds, ISO text, or text in `existingFormat`. */
export function toInstant(input: unknown, args: Record<string, unknown>, zone: string): Instant {
  if (input instanceof Date) return fromDate(input);
  if (typeof input === "number") return { epochSecond: Math.trunc(input), nano: 0 };
  if (typeof input !== "string") throw new FilterError(`Unable to read a date from ${javaString(input)}`);
  const existing = args.existingFormat;
  return existing === undefined || existing === null
    ? parseIso(input, zone)
    : parseWithFormat(input, String(existing), zone);
}

/** AbstractDate.format: `format` defaults to "iso", printed in `timeZone` (default zone otherwise). */
export function formatDate(instant: Instant, args: Record<string, unknown>, ctx: CallContext): string {
  const format = args.format === undefined || args.format === null ? "iso" : String(args.format);
  return formatInstant(
    instant,
    format,
    zoneOf(args, ctx),
    args.locale === undefined || args.locale === null ? undefined : String(args.locale),
  );
}

function epochNanos(i: Instant): bigint {
  return BigInt(i.epochSecond) * 1_000_000_000n + BigInt(i.nano);
}

export const DATE_FILTERS: Record<string, PebbleFilter> = {
  date: {
    argumentNames: DATE_ARGS,
    apply: (input, args, ctx) =>
      input === null ? null : formatDate(toInstant(input, args, zoneOf(args, ctx)), args, ctx),
  },
  dateAdd: {
    argumentNames: ["amount", "unit", ...DATE_ARGS],
    apply(input, args, ctx) {
      if (input === null) return null;
      const zone = zoneOf(args, ctx);
      const amount = intArg(args, "amount", "dateAdd");
      const unit = stringArg(args, "unit", "dateAdd");
      return formatDate(plus(toInstant(input, args, zone), amount, unit, zone), args, ctx);
    },
  },
  timestamp: {
    argumentNames: ["timeZone", "existingFormat"],
    apply: (input, args, ctx) => (input === null ? null : toInstant(input, args, zoneOf(args, ctx)).epochSecond),
  },
  timestampMilli: {
    argumentNames: ["timeZone", "existingFormat"],
    apply(input, args, ctx) {
      if (input === null) return null;
      const i = toInstant(input, args, zoneOf(args, ctx));
      return i.epochSecond * 1000 + Math.floor(i.nano / 1e6);
    },
  },
  // Kestra adds micro-of-second to epoch *nanos* here (sic): kept as Kestra prints it.
  timestampMicro: {
    argumentNames: ["timeZone", "existingFormat"],
    apply(input, args, ctx) {
      if (input === null) return null;
      const i = toInstant(input, args, zoneOf(args, ctx));
      return String(BigInt(i.epochSecond) * 1_000_000_000n + BigInt(Math.floor(i.nano / 1000)));
    },
  },
  timestampNano: {
    argumentNames: ["timeZone", "existingFormat"],
    apply: (input, args, ctx) =>
      input === null ? null : String(epochNanos(toInstant(input, args, zoneOf(args, ctx)))),
  },
};
