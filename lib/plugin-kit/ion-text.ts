import { dom, loadAll } from "ion-js";

// Amazon Ion text as Kestra 1.x writes its internal files (FileSerde.writeAll: one top-level value
// per line, no header, no newline after the last), and a reader of such files line by line, so
// a large file streams in bounded memory.

const KEYWORDS = new Set(["null", "true", "false", "nan"]);
const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
const ESCAPES: Record<string, string> = {
  "\0": "\\0",
  "\x07": "\\a",
  "\b": "\\b",
  "\t": "\\t",
  "\n": "\\n",
  "\v": "\\v",
  "\f": "\\f",
  "\r": "\\r",
  "\\": "\\\\",
};

/** Nothing to escape: most strings, written as they are (the per-character loop is the slow path). */
const PLAIN = /^[^\x00-\x1f\x7f-\x9f"'\\]*$/;

function escapeText(text: string, quote: '"' | "'"): string {
  if (PLAIN.test(text)) return text;
  let out = "";
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (ch === quote) out += `\\${quote}`;
    else if (ESCAPES[ch] !== undefined) out += ESCAPES[ch];
    else if (code < 0x20 || (code >= 0x7f && code <= 0x9f)) out += `\\x${code.toString(16).padStart(2, "0")}`;
    else out += ch;
  }
  return out;
}

const fieldName = (name: string) =>
  IDENTIFIER.test(name) && !KEYWORDS.has(name) ? name : `'${escapeText(name, "'")}'`;

/** Java's Double.toString, which ion-java prints a float with (then `e0` unless it has an exponent). */
export function javaDouble(n: number): string {
  if (Number.isNaN(n)) return "nan";
  if (!Number.isFinite(n)) return n > 0 ? "+inf" : "-inf";
  const abs = Math.abs(n);
  if (abs === 0 || (abs >= 1e-3 && abs < 1e7)) {
    const text = String(n);
    return `${text.includes(".") ? text : `${text}.0`}e0`;
  }
  const [mantissa, exponent] = n.toExponential().split("e");
  return `${mantissa.includes(".") ? mantissa : `${mantissa}.0`}e${Number(exponent)}`;
}

/** One value as Ion text. JS numbers that are integers are Ion ints; others are floats. */
export function ionText(value: unknown): string {
  if (value === null || value === undefined) return "null";
  if (typeof value === "boolean") return String(value);
  if (typeof value === "bigint") return value.toString();
  if (typeof value === "number")
    return Number.isInteger(value) && Math.abs(value) < 2 ** 53 ? String(value) : javaDouble(value);
  if (typeof value === "string") return `"${escapeText(value, '"')}"`;
  if (value instanceof Date) return value.toISOString();
  if (Buffer.isBuffer(value)) return `{{${value.toString("base64")}}}`;
  if (Array.isArray(value)) return `[${value.map(ionText).join(",")}]`;
  if (typeof value === "object")
    return `{${Object.entries(value as Record<string, unknown>)
      .map(([k, v]) => `${fieldName(k)}:${ionText(v)}`)
      .join(",")}}`;
  return `"${escapeText(String(value), '"')}"`;
}

/** Rows as an Ion file's chunks: a value per line, Kestra's way. */
export async function* ionLines(rows: AsyncIterable<unknown> | Iterable<unknown>): AsyncGenerator<Buffer> {
  let first = true;
  for await (const row of rows) {
    yield Buffer.from(first ? ionText(row) : `\n${ionText(row)}`);
    first = false;
  }
}

/** An Ion value as plain JS: structs → objects, lists → arrays, timestamps → Date, decimals and floats → numbers. */
export function fromIon(value: dom.Value | null): unknown {
  if (value === null || value.isNull()) return null;
  if (value instanceof dom.Struct) {
    const out: Record<string, unknown> = {};
    for (const [key, v] of value.fields()) out[key] = fromIon(v);
    return out;
  }
  if (value instanceof dom.List || value instanceof dom.SExpression) return [...value].map((v) => fromIon(v));
  if (value instanceof dom.Timestamp) return value.timestampValue().getDate();
  if (value instanceof dom.Integer) {
    const big = value.bigIntValue();
    return big >= BigInt(Number.MIN_SAFE_INTEGER) && big <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(big) : big;
  }
  if (value instanceof dom.Float || value instanceof dom.Decimal) return value.numberValue();
  if (value instanceof dom.Boolean) return value.booleanValue();
  if (value instanceof dom.Blob || value instanceof dom.Clob) return Buffer.from(value.uInt8ArrayValue());
  return value.stringValue();
}

/**
 * The values of an Ion file, streamed. Kestra writes one value per line; a value over several lines
 * (a pretty-printed file) is read once its lines parse together.
 */
export async function* readIon(chunks: AsyncIterable<Uint8Array | string>): AsyncGenerator<unknown> {
  let pending = "";
  let held = "";
  // A character split across two chunks is decoded whole.
  const decoder = new TextDecoder("utf-8");
  for await (const chunk of chunks) {
    pending += typeof chunk === "string" ? chunk : decoder.decode(chunk, { stream: true });
    let nl = pending.indexOf("\n");
    while (nl >= 0) {
      held += pending.slice(0, nl + 1);
      pending = pending.slice(nl + 1);
      const values = parseAll(held);
      if (values) {
        yield* values;
        held = "";
      }
      nl = pending.indexOf("\n");
    }
  }
  held += pending + decoder.decode();
  if (held.trim() === "") return;
  const values = parseAll(held);
  if (!values) throw new Error(`invalid Ion near: ${held.slice(0, 120)}`);
  yield* values;
}

function parseAll(text: string): unknown[] | null {
  if (text.trim() === "" || text.trim() === "$ion_1_0") return [];
  try {
    return loadAll(text).map((v) => fromIon(v));
  } catch {
    return null;
  }
}
