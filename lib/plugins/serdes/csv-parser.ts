// A streaming CSV reader that splits records as FastCSV 4 (Kestra's CsvToIon reader) does: CR, LF and
// CRLF all end a record, a quote opens a quoted field only as a field's first character (elsewhere it is
// data), `""` inside quotes is one quote, a character after a closing quote is an error unless allowed,
// an input that ends inside quotes keeps what it read, and an empty line is a record of one empty field.
// Text goes in by `push` in chunks of any size; records come out as soon as they end.

export interface CsvReadOptions {
  separator: string;
  quote: string;
  allowExtraCharsAfterClosingQuote: boolean;
  /** Longest raw field, quotes included (FastCSV's buffer). */
  maxBufferSize: number;
  /** Longest field once unquoted. */
  maxFieldSize: number;
}

export interface CsvRecord {
  fields: string[];
  /** The line the record starts on, from 1. */
  line: number;
  /** An empty line (one empty field); `skipEmptyRows` drops these. */
  empty: boolean;
}

/** A record FastCSV would refuse; its message is FastCSV's. */
export class CsvParseError extends Error {}

const CR = 13;
const LF = 10;
const MAX_FIELDS = 16 * 1024;
const MAX_RECORD_CHARS = 64 * 1024 * 1024;

/** Where the current field is: nothing read yet, unquoted data, inside quotes, after its closing quote. */
const Field = { Start: 0, Data: 1, Quoted: 2, Closed: 3 } as const;
type FieldState = (typeof Field)[keyof typeof Field];

export class CsvParser {
  private readonly sep: number;
  private readonly quote: number;
  private fields: string[] = [];
  private field: FieldState = Field.Start;
  /** Raw text of the current field read in earlier chunks. */
  private partial = "";
  /** The last record ended on CR: a LF right after it belongs to that line break. */
  private afterCR = false;
  /** Inside quotes, the last character was CR (CRLF is one line). */
  private quotedCR = false;
  private line = 1;
  /** Line breaks inside the current record's quoted fields. */
  private breaks = 0;
  private recordChars = 0;

  constructor(private readonly options: CsvReadOptions) {
    const { separator, quote } = options;
    // FastCSV's builder checks, with its messages.
    if (/[\r\n]/.test(separator)) throw new Error("fieldSeparator must not contain newline chars");
    if (/[\r\n]/.test(quote)) throw new Error("quoteCharacter must not be a newline char");
    if (separator === quote)
      throw new Error(`Control characters must differ (fieldSeparator=${separator}, quoteCharacter=${quote})`);
    this.sep = options.separator.charCodeAt(0);
    this.quote = options.quote.charCodeAt(0);
  }

  /** Appends the records `text` ends to `out` (kept up to a bad record when one throws). */
  push(text: string, out: CsvRecord[] = []): CsvRecord[] {
    const n = text.length;
    let begin = 0;
    let i = 0;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (this.field === Field.Quoted) {
        if (c === this.quote) this.field = Field.Closed;
        else if (c === CR) this.breaks++;
        else if (c === LF && !this.quotedCR) this.breaks++;
        this.quotedCR = c === CR;
        i++;
        continue;
      }
      if (this.afterCR) {
        this.afterCR = false;
        if (c === LF) {
          begin = ++i;
          continue;
        }
      }
      if (c === this.sep) {
        this.endField(text.slice(begin, i));
        begin = ++i;
      } else if (c === CR || c === LF) {
        this.endRecord(text.slice(begin, i), out);
        this.afterCR = c === CR;
        begin = ++i;
      } else if (c === this.quote && this.field !== Field.Data) {
        // A field's first quote opens it; after a closing quote, another one is an escaped quote.
        this.field = Field.Quoted;
        this.quotedCR = false;
        i++;
      } else if (this.field === Field.Closed) {
        if (!this.options.allowExtraCharsAfterClosingQuote)
          throw new CsvParseError(`Unexpected character after closing quote: '${text[i]}' (0x${c.toString(16)})`);
        i++;
      } else {
        this.field = Field.Data;
        // Fast-forward over plain data.
        for (i++; i < n; i++) {
          const d = text.charCodeAt(i);
          if (d === this.sep || d === CR || d === LF) break;
        }
      }
    }
    this.partial += text.slice(begin);
    this.checkBuffer(this.partial.length);
    return out;
  }

  /** The last record, when the input does not end with a line break. */
  flush(out: CsvRecord[] = []): CsvRecord[] {
    if (this.partial !== "" || this.field !== Field.Start) this.endRecord("", out);
    else if (this.fields.length > 0) {
      // The input ended on a separator: one more, empty field.
      this.endField("");
      out.push(this.record(false));
    }
    return out;
  }

  private endField(tail: string): void {
    const raw = this.partial + tail;
    this.checkBuffer(raw.length);
    const value = this.field === Field.Quoted || this.field === Field.Closed ? unquote(raw, this.options.quote) : raw;
    const index = this.fields.length;
    if (index === MAX_FIELDS)
      throw new CsvParseError(
        `Record starting at line ${this.line} has surpassed the maximum limit of ${MAX_FIELDS} fields`,
      );
    if (value.length > this.options.maxFieldSize)
      throw new CsvParseError(
        `Field at index ${index} in record starting at line ${this.line} exceeds the max field size of ${this.options.maxFieldSize} characters`,
      );
    this.recordChars += value.length;
    if (this.recordChars > MAX_RECORD_CHARS)
      throw new CsvParseError(
        `Field at index ${index} in record starting at line ${this.line} exceeds the max record size of ${MAX_RECORD_CHARS} characters`,
      );
    this.fields.push(value);
    this.partial = "";
    this.field = Field.Start;
  }

  private endRecord(tail: string, out: CsvRecord[]): void {
    const empty = this.fields.length === 0 && this.field === Field.Start && this.partial === "" && tail === "";
    if (empty) this.fields.push("");
    else this.endField(tail);
    out.push(this.record(empty));
  }

  private record(empty: boolean): CsvRecord {
    const record = { fields: this.fields, line: this.line, empty };
    this.line += 1 + this.breaks;
    this.breaks = 0;
    this.fields = [];
    this.recordChars = 0;
    return record;
  }

  private checkBuffer(length: number): void {
    if (length > this.options.maxBufferSize)
      throw new CsvParseError(
        `The maximum buffer size of ${this.options.maxBufferSize} is insufficient to read the data of a single field. This issue typically arises when a quotation begins but does not conclude within the confines of this buffer's maximum limit. (record starting at line ${this.line})`,
      );
  }
}

/**
 * A quoted field's value from its raw text, as FastCSV's cleanDelimiters: the opening quote and a
 * final quote go, then each quote toggles "escaping" and is kept only when it closes a pair (`""` → `"`).
 */
export function unquote(raw: string, quote: string): string {
  const inner = raw.endsWith(quote) && raw.length > 1 ? raw.slice(1, -1) : raw.slice(1);
  let at = inner.indexOf(quote);
  if (at < 0) return inner;
  let out = inner.slice(0, at);
  let escaping = false;
  for (; at < inner.length; at++) {
    const ch = inner[at];
    if (ch === quote) {
      escaping = !escaping;
      if (escaping) continue;
    }
    out += ch;
  }
  return out;
}
