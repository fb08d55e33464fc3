import { javaDateFormat } from "./java-date-format";
import { javaDoubleText } from "../../plugin-kit/java-text";
import { zonedFields } from "./zoned-fields";

// JSON as Kestra's Jackson mapper writes it: compact, control characters as \uXXXX in capitals, floats
// as Java's Double.toString, NaN and infinities as strings, dates as ISO-8601 in the task's zone with a
// `+00:00` style offset (Jackson's StdDateFormat), bytes in base64; with `dropNulls` (Kestra's
// NON_NULL mapper) a map's null fields are left out, a list's nulls kept.

export interface JsonTextOptions {
  zone: string;
  dropNulls: boolean;
}

const stdDate = javaDateFormat("yyyy-MM-dd'T'HH:mm:ss.SSSxxx");
const NAMED: Record<string, string> = { "\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r" };

export function jsonText(value: unknown, options: JsonTextOptions): string {
  if (value === null || value === undefined) return "null";
  if (typeof value === "string") return jsonString(value);
  if (typeof value === "number") {
    if (Number.isInteger(value) && Math.abs(value) < 2 ** 53) return String(value);
    return Number.isFinite(value) ? javaDoubleText(value) : jsonString(javaDoubleText(value));
  }
  if (typeof value === "bigint" || typeof value === "boolean") return String(value);
  if (value instanceof Date) return jsonString(stdDate(zonedFields(value, options.zone)));
  if (Buffer.isBuffer(value)) return jsonString(value.toString("base64"));
  if (Array.isArray(value)) return `[${value.map((v) => jsonText(v, options)).join(",")}]`;
  const fields: string[] = [];
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    if ((v === null || v === undefined) && options.dropNulls) continue;
    fields.push(`${jsonString(key)}:${jsonText(v, options)}`);
  }
  return `{${fields.join(",")}}`;
}

export function jsonString(text: string): string {
  if (!/["\\\x00-\x1f]/.test(text)) return `"${text}"`;
  return `"${text.replace(/["\\\x00-\x1f]/g, (ch) => {
    if (ch === '"' || ch === "\\") return `\\${ch}`;
    return NAMED[ch] ?? `\\u${ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}`;
  })}"`;
}
