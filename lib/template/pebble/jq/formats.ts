import { FilterError } from "../errors";
import { isList } from "../values";
import { dump, numberText, text, typeError } from "./values";

// jq 1.6's `@format`s (f_format in src/builtin.c).

/** jq's escape_string: each listed character replaced; NUL always becomes `\0`. */
function escapeChars(s: string, table: Record<string, string>): string {
  return s.replace(/[\0"\t\r\n\\&<>']/g, (c) => (c === "\0" ? "\\0" : (table[c] ?? c)));
}

const CSV = { '"': '""' };
const TSV = { "\t": "\\t", "\r": "\\r", "\n": "\\n", "\\": "\\\\" };
const HTML = { "&": "&amp;", "<": "&lt;", ">": "&gt;", "'": "&apos;", '"': "&quot;" };
const SH = { "'": "'\\''" };

function row(v: unknown, name: "csv" | "tsv"): string {
  if (!isList(v)) throw typeError(v, `cannot be ${name}-formatted, only array`);
  return v
    .map((x) => {
      if (x === null) return "";
      if (typeof x === "boolean") return String(x);
      if (typeof x === "number") return Number.isNaN(x) ? "" : numberText(x);
      if (typeof x === "string") return name === "csv" ? `"${escapeChars(x, CSV)}"` : escapeChars(x, TSV);
      throw typeError(x, "is not valid in a csv row");
    })
    .join(name === "csv" ? "," : "\t");
}

function shell(v: unknown): string {
  return (isList(v) ? v : [v])
    .map((x) => {
      if (typeof x === "string") return `'${escapeChars(x, SH)}'`;
      if (x === null || typeof x === "boolean" || typeof x === "number") return dump(x);
      throw typeError(x, "can not be escaped for shell");
    })
    .join(" ");
}

const UNRESERVED = /[A-Za-z0-9\-_.!~*'()]/;

function uri(s: string): string {
  let out = "";
  for (const c of s) {
    if (UNRESERVED.test(c)) out += c;
    else for (const b of Buffer.from(c, "utf8")) out += `%${b.toString(16).toUpperCase().padStart(2, "0")}`;
  }
  return out;
}

const BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

function base32(s: string): string {
  const bytes = Buffer.from(s, "utf8");
  let bits = "";
  for (const b of bytes) bits += b.toString(2).padStart(8, "0");
  let out = "";
  for (let i = 0; i < bits.length; i += 5) out += BASE32[Number.parseInt(bits.slice(i, i + 5).padEnd(5, "0"), 2)];
  return out.padEnd(Math.ceil(out.length / 8) * 8, "=");
}

function base32d(s: string): string {
  let bits = "";
  for (const c of s.replace(/=+$/, "")) {
    const i = BASE32.indexOf(c);
    if (i < 0) throw typeError(s, "is not valid base32 data");
    bits += i.toString(2).padStart(5, "0");
  }
  const bytes: number[] = [];
  for (let i = 0; i + 8 <= bits.length; i += 8) bytes.push(Number.parseInt(bits.slice(i, i + 8), 2));
  return Buffer.from(bytes).toString("utf8");
}

function base64d(s: string): string {
  const clean = s.replace(/=+$/, "");
  if (/[^A-Za-z0-9+/]/.test(clean)) throw typeError(s, "is not valid base64 data");
  if (clean.length % 4 === 1) throw typeError(s, "trailing base64 byte found");
  return Buffer.from(clean, "base64").toString("utf8");
}

export function formatValue(name: string, v: unknown): string {
  switch (name) {
    case "text":
      return text(v);
    case "json":
      return dump(v);
    case "csv":
    case "tsv":
      return row(v, name);
    case "html":
      return escapeChars(text(v), HTML);
    case "uri":
      return uri(text(v));
    case "sh":
      return shell(v);
    case "base64":
      return Buffer.from(text(v), "utf8").toString("base64");
    case "base64d":
      return base64d(text(v));
    case "base32":
      return base32(text(v));
    case "base32d":
      return base32d(text(v));
    default:
      throw new FilterError(`${name} is not a valid format`);
  }
}
