import { javaDouble } from "./ion-text";

// Values as Java's toString writes them, which is what Kestra puts in a CSV cell for anything that is
// not a date: Double.toString for floats, `{k=v, …}` for a map, `[a, b]` for a list.

const MIDNIGHT_MS = 24 * 3600 * 1000;

/** Java's Double.toString: `1.5`, `100.0`, `1.0E7`, `1.0E-4`, `NaN`, `Infinity`, `-0.0`. */
export function javaDoubleText(n: number): string {
  if (Number.isNaN(n)) return "NaN";
  if (!Number.isFinite(n)) return n > 0 ? "Infinity" : "-Infinity";
  if (Object.is(n, -0)) return "-0.0";
  // ion-text's javaDouble is Double.toString with Ion's exponent: `e0` when Java writes none.
  const ion = javaDouble(n);
  return ion.endsWith("e0") ? ion.slice(0, -2) : ion.replace("e", "E");
}

/** A number as read from Ion: a whole number was an int (ion-text writes those as ints), else a float. */
export function numberText(n: number): string {
  return Number.isInteger(n) && Math.abs(n) < 2 ** 53 ? String(n) : javaDoubleText(n);
}

/**
 * A timestamp as Kestra reads one from Ion: exactly midnight UTC is a LocalDate (Kestra's IonParser),
 * anything else an Instant.
 */
export const isLocalDate = (date: Date) => date.getTime() % MIDNIGHT_MS === 0;

/** Instant.toString (`2021-05-05T10:21:12Z`, `.123` when there are milliseconds) or LocalDate.toString. */
export function instantText(date: Date): string {
  const iso = date.toISOString();
  if (isLocalDate(date)) return iso.slice(0, 10);
  return iso.endsWith(".000Z") ? `${iso.slice(0, -5)}Z` : iso;
}

/**
 * Java's toString of a value read from Ion. A blob is written in base64 (Java would write the
 * array's identity, `[B@1b6d3586`, which nobody can use).
 */
export function javaString(value: unknown): string {
  if (value === null || value === undefined) return "null";
  if (typeof value === "string") return value;
  if (typeof value === "number") return numberText(value);
  if (typeof value === "bigint" || typeof value === "boolean") return String(value);
  if (value instanceof Date) return instantText(value);
  if (Buffer.isBuffer(value)) return value.toString("base64");
  if (Array.isArray(value)) return `[${value.map(javaString).join(", ")}]`;
  if (typeof value === "object")
    return `{${Object.entries(value)
      .map(([k, v]) => `${k}=${javaString(v)}`)
      .join(", ")}}`;
  return String(value);
}
