import { parseByteSize } from "../values/values";

/** How a file is cut (Kestra's StorageSplitInterface): one of rows, bytes or partitions. */
export interface SplitRule {
  rows?: number;
  /** Most bytes per piece; a piece is closed once it holds at least this many (lines are never cut). */
  bytes?: number;
  partitions?: number;
  /** Written after every line. */
  separator: string;
}

/** The file's lines as Java's readLine sees them: \n, \r\n or \r end a line; no empty line after a final newline. */
export function linesOf(text: string): string[] {
  const lines = text.split(/\r\n|\n|\r/);
  if (lines.at(-1) === "") lines.pop();
  return lines;
}

/**
 * Kestra's StorageService.split: pieces of `rows` lines, or of about `bytes` bytes, or `partitions`
 * pieces with lines dealt in turn (empty ones dropped). Each line is followed by the separator.
 */
export function splitLines(text: string, rule: SplitRule): string[] {
  const lines = linesOf(text);
  if (rule.partitions !== undefined) {
    if (!Number.isInteger(rule.partitions) || rule.partitions < 1)
      throw new Error(`partitions must be a positive whole number, got ${rule.partitions}`);
    const parts: string[] = Array.from({ length: rule.partitions }, () => "");
    lines.forEach((line, i) => {
      parts[i % parts.length] += line + rule.separator;
    });
    return parts.filter((p) => p.length > 0);
  }
  const rows = rule.bytes === undefined ? (rule.rows ?? 1) : undefined;
  if (rows !== undefined && (!Number.isInteger(rows) || rows < 1))
    throw new Error(`rows must be a positive whole number, got ${rows}`);
  const pieces: string[] = [];
  let current: string[] = [];
  let size = 0;
  for (const line of lines) {
    const full = rows !== undefined ? current.length >= rows : size >= rule.bytes!;
    if (current.length > 0 && full) {
      pieces.push(current.join(""));
      current = [];
      size = 0;
    }
    const piece = line + rule.separator;
    current.push(piece);
    size += Buffer.byteLength(piece);
  }
  if (current.length > 0) pieces.push(current.join(""));
  return pieces;
}

/** A rendered `batch` / Split task's properties as a rule (rows 1 when none is given). */
export function splitRuleOf(props: {
  rows?: unknown;
  bytes?: unknown;
  partitions?: unknown;
  separator?: unknown;
}): SplitRule {
  const num = (v: unknown, name: string) => {
    if (v === undefined || v === null) return undefined;
    const n = Number(v);
    if (!Number.isFinite(n)) throw new Error(`${name} must be a number, got ${JSON.stringify(v)}`);
    return n;
  };
  return {
    rows: num(props.rows, "rows"),
    bytes: props.bytes === undefined || props.bytes === null ? undefined : parseByteSize(String(props.bytes)),
    partitions: num(props.partitions, "partitions"),
    separator: props.separator === undefined || props.separator === null ? "\n" : String(props.separator),
  };
}
