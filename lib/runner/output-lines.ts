import { StringDecoder } from "node:string_decoder";
import { DEFAULT_MAX_LINE_CHARS, TRUNCATION_MARKER } from "../logs/line-splitter";

/** A `::{…}::` line longer than the outputs limit: only its size is kept, never its text. */
export interface OversizedProtocolLine {
  oversized: true;
  bytes: number;
  maxBytes: number;
}

/** A line of a task's output, or the size of an outputs line too long to keep. */
export type OutputLine = string | OversizedProtocolLine;

export interface OutputLineLimits {
  /** Longest ordinary line kept whole; a longer one is cut and marked (a log line, not data). */
  maxLineChars?: number;
  /** Longest `::{…}::` line (Kestra's outputs, metrics and logs), in bytes; 0: no such lines here (stderr). */
  maxProtocolBytes: number;
}

/**
 * Splits a task's output stream into lines. Pure and incremental: `push` takes any chunk (a line or
 * a multi-byte character may be cut anywhere), `flush` returns what is left at the end. `\n` and
 * `\r\n` end a line; a lone `\r` is kept as text.
 *
 * Ordinary lines are cut at `maxLineChars` (so one runaway line cannot exhaust memory). A line that
 * starts with `::{` carries data (outputs can be large JSON), so it may grow to `maxProtocolBytes`;
 * past that it is not kept at all: the caller gets its size, to fail the task naming the limit,
 * rather than a cut line that would silently lose the outputs.
 */
export class OutputLineSplitter {
  private readonly decoder = new StringDecoder("utf8");
  private readonly maxLineChars: number;
  private readonly maxProtocolBytes: number;
  private partial = "";
  /** `line` while short; then `protocol` (kept, bytes counted), `oversized` (counted only) or `cut` (dropped). */
  private mode: "line" | "protocol" | "oversized" | "cut" = "line";
  private bytes = 0;
  /** The last piece taken ended with `\r`: not part of an oversized line's size. */
  private endsWithCr = false;

  constructor(limits: OutputLineLimits) {
    this.maxLineChars = limits.maxLineChars ?? DEFAULT_MAX_LINE_CHARS;
    this.maxProtocolBytes = limits.maxProtocolBytes;
  }

  push(chunk: Buffer | string): OutputLine[] {
    const text = typeof chunk === "string" ? chunk : this.decoder.write(chunk);
    const lines: OutputLine[] = [];
    let start = 0;
    for (let nl = text.indexOf("\n", start); nl !== -1; nl = text.indexOf("\n", start)) {
      this.take(text.slice(start, nl));
      lines.push(this.finish());
      start = nl + 1;
    }
    this.take(text.slice(start));
    return lines;
  }

  flush(): OutputLine[] {
    this.take(this.decoder.end());
    return this.partial.length > 0 || this.mode !== "line" ? [this.finish()] : [];
  }

  private take(piece: string): void {
    if (!piece) return;
    this.endsWithCr = piece.endsWith("\r");
    switch (this.mode) {
      case "line":
        this.partial += piece;
        if (this.partial.length > this.maxLineChars) this.overLineLimit();
        return;
      case "protocol":
        this.bytes += Buffer.byteLength(piece);
        if (this.bytes > this.maxProtocolBytes) this.drop();
        else this.partial += piece;
        return;
      case "oversized":
        this.bytes += Buffer.byteLength(piece);
        return;
      case "cut":
        return;
    }
  }

  /** An ordinary line past its limit is cut; a `::{` line goes on, within its own. */
  private overLineLimit(): void {
    if (this.maxProtocolBytes > 0 && startsProtocol(this.partial)) {
      this.mode = "protocol";
      this.bytes = Buffer.byteLength(this.partial);
      if (this.bytes > this.maxProtocolBytes) this.drop();
      return;
    }
    this.mode = "cut";
    this.partial = this.partial.slice(0, this.maxLineChars);
  }

  private drop(): void {
    this.mode = "oversized";
    this.partial = "";
  }

  private finish(): OutputLine {
    const { mode, bytes, endsWithCr } = this;
    let line = this.partial;
    this.partial = "";
    this.mode = "line";
    this.bytes = 0;
    this.endsWithCr = false;
    if (line.endsWith("\r")) line = line.slice(0, -1);
    if (mode === "oversized")
      return { oversized: true, bytes: endsWithCr ? bytes - 1 : bytes, maxBytes: this.maxProtocolBytes };
    if (mode === "cut") return line + TRUNCATION_MARKER;
    // A short `::{` line may still be over a limit set below the ordinary line's.
    if (
      mode === "line" &&
      this.maxProtocolBytes > 0 &&
      line.length * 3 > this.maxProtocolBytes &&
      startsProtocol(line)
    ) {
      const bytes = Buffer.byteLength(line);
      if (bytes > this.maxProtocolBytes) return { oversized: true, bytes, maxBytes: this.maxProtocolBytes };
    }
    // A long line that began like data but did not end like it is text after all: cut as text is.
    if (mode === "protocol" && !line.trimEnd().endsWith("}::"))
      return line.slice(0, this.maxLineChars) + TRUNCATION_MARKER;
    return line;
  }
}

/** `::{` after leading whitespace: how every protocol line starts (output-protocol.ts trims it too). */
function startsProtocol(text: string): boolean {
  return /^\s*::\{/.test(text);
}
