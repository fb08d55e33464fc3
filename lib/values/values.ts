import bytes from "bytes";
import { parse as parseIso } from "tinyduration";

/**
 * Rendered task values: templated numbers and booleans arrive as strings after `{{ }}` rendering.
 * These turn them into what Docker and the executor need, with a clear error naming the property.
 */
export class ValueError extends Error {}

export function toBool(value: unknown, property: string, fallback: boolean): boolean {
  if (value === undefined || value === null || value === "") return fallback;
  if (typeof value === "boolean") return value;
  const text = String(value).trim().toLowerCase();
  if (text === "true") return true;
  if (text === "false") return false;
  throw new ValueError(`${property} must be true or false, got "${String(value)}"`);
}

export function toNumber(value: unknown, property: string): number | undefined {
  if (value === undefined || value === null || value === "") return undefined;
  const n = typeof value === "number" ? value : Number(String(value).trim());
  if (!Number.isFinite(n)) throw new ValueError(`${property} must be a number, got "${String(value)}"`);
  return n;
}

/** ISO-8601 duration (`PT1M30S`, `P1D`; letters in either case, as Java's Duration.parse) → milliseconds. */
export function durationMs(value: unknown, property: string): number | undefined {
  if (value === undefined || value === null || value === "") return undefined;
  try {
    const d = parseIso(String(value).trim().toUpperCase());
    const seconds =
      (d.years ?? 0) * 365 * 86_400 +
      (d.months ?? 0) * 30 * 86_400 +
      (d.weeks ?? 0) * 7 * 86_400 +
      (d.days ?? 0) * 86_400 +
      (d.hours ?? 0) * 3_600 +
      (d.minutes ?? 0) * 60 +
      (d.seconds ?? 0);
    return Math.round(seconds * 1000) * (d.negative ? -1 : 1);
  } catch {
    throw new ValueError(`${property} must be an ISO-8601 duration such as PT30S, got "${String(value)}"`);
  }
}

/** `512Mb`, `1GB`, `256m`, `1048576` → bytes (binary units, as Docker reads them). */
export function memoryBytes(value: unknown, property: string): number | undefined {
  if (value === undefined || value === null || value === "") return undefined;
  if (typeof value === "number") return value;
  const text = String(value).trim();
  if (/^-?\d+$/.test(text)) return Number(text);
  const short = /^(\d+(?:\.\d+)?)\s*([kmgt])(?:i?b)?$/i.exec(text);
  const parsed = short ? bytes.parse(`${short[1]}${short[2]}b`) : bytes.parse(text);
  if (parsed === null || !Number.isFinite(parsed))
    throw new ValueError(`${property} must be a size such as 512Mb, got "${text}"`);
  return Math.round(parsed);
}

/** `10MB`, `512KB`, `2048` → bytes (1024-based, as Kestra's readable sizes); more than 0. */
export function parseByteSize(text: string): number {
  const n = bytes.parse(text.trim());
  if (n === null || !Number.isFinite(n) || n <= 0) throw new Error(`invalid size "${text}": expected e.g. 10MB`);
  return n;
}

/** A size for people: `1.5 MB`. */
export function formatBytes(n: number): string {
  return bytes.format(n, { unitSeparator: " " }) ?? `${n} bytes`;
}
