import { StringDecoder } from "node:string_decoder";

/** Longest line kept whole; a longer one is cut and marked, so one runaway line cannot exhaust memory. */
export const DEFAULT_MAX_LINE_CHARS = 64 * 1024;
export const TRUNCATION_MARKER = " …[line truncated]";

/**
 * Splits a byte stream into lines. Pure and incremental: `push` takes any chunk (a line or a
 * multi-byte character may be cut anywhere), `flush` returns what is left at the end.
 * `\n` and `\r\n` end a line; a lone `\r` is kept as text.
 */
export class LineSplitter {
  private readonly decoder = new StringDecoder("utf8");
  private partial = "";
  private dropping = false;

  constructor(private readonly maxLineChars = DEFAULT_MAX_LINE_CHARS) {}

  push(chunk: Buffer | string): string[] {
    const text = typeof chunk === "string" ? chunk : this.decoder.write(chunk);
    const lines: string[] = [];
    let start = 0;
    for (let nl = text.indexOf("\n", start); nl !== -1; nl = text.indexOf("\n", start)) {
      this.take(text.slice(start, nl), lines, true);
      start = nl + 1;
    }
    this.take(text.slice(start), lines, false);
    return lines;
  }

  flush(): string[] {
    const lines: string[] = [];
    this.take(this.decoder.end(), lines, false);
    if (this.partial.length > 0 || this.dropping) lines.push(this.finish());
    return lines;
  }

  private take(piece: string, out: string[], ended: boolean): void {
    if (!this.dropping) {
      this.partial += piece;
      if (this.partial.length > this.maxLineChars) {
        this.partial = this.partial.slice(0, this.maxLineChars);
        this.dropping = true;
      }
    }
    if (ended) out.push(this.finish());
  }

  private finish(): string {
    let line = this.partial;
    if (line.endsWith("\r")) line = line.slice(0, -1);
    if (this.dropping) line += TRUNCATION_MARKER;
    this.partial = "";
    this.dropping = false;
    return line;
  }
}
