// Streaming splitters for JSON files: lines as Java's BufferedReader.readLine cuts them, and the
// elements of a top-level array, so neither a JSONL file nor a large array is held whole.

/** Lines ended by LF, CR or CRLF; a last line without a line break counts, an empty one does not. */
export async function* javaLines(texts: AsyncIterable<string>): AsyncGenerator<string> {
  let pending = "";
  let afterCR = false;
  for await (const text of texts) {
    let start = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c !== 10 && c !== 13) {
        afterCR = false;
        continue;
      }
      if (c === 10 && afterCR) {
        afterCR = false;
        start = i + 1;
        continue;
      }
      yield pending + text.slice(start, i);
      pending = "";
      afterCR = c === 13;
      start = i + 1;
    }
    pending += text.slice(start);
  }
  if (pending !== "") yield pending;
}

/**
 * The texts of a JSON document's values, in order: the elements of a top-level array (what follows
 * the array is ignored, as Jackson does), or else each root value (a single document, or several
 * written one after another). Only the value being read is held.
 */
export class JsonSplitter {
  /** Known once the first character is read: whether the pieces are the elements of an array. */
  startsWithArray: boolean | undefined;
  /** The nesting depth pieces start at: 1 inside the top-level array, else 0. */
  private base = 0;
  private depth = 0;
  private inString = false;
  private escaped = false;
  private capturing = false;
  /** The current piece is a number, true, false or null: it ends at the first delimiter. */
  private scalar = false;
  private current = "";
  private done = false;

  push(text: string): string[] {
    const out: string[] = [];
    let begin = 0;
    for (let i = 0; i < text.length && !this.done; i++) {
      const ch = text[i];
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (ch === "\\") this.escaped = true;
        else if (ch === '"') {
          this.inString = false;
          // A string that is a piece itself ends here.
          if (this.depth === this.base) {
            out.push(this.current + text.slice(begin, i + 1));
            this.capturing = false;
          }
        }
        continue;
      }
      if (this.capturing && this.scalar && DELIMITER.test(ch)) {
        out.push(this.current + text.slice(begin, i));
        this.capturing = false;
      }
      if (!this.capturing) {
        if (WHITESPACE.test(ch)) continue;
        if (this.startsWithArray === undefined) {
          this.startsWithArray = ch === "[";
          if (this.startsWithArray) {
            this.base = this.depth = 1;
            continue;
          }
        }
        if (this.base === 1 && (ch === "," || ch === "]")) {
          this.done = ch === "]";
          continue;
        }
        this.capturing = true;
        this.scalar = !(ch === "{" || ch === "[" || ch === '"');
        this.current = "";
        begin = i;
      }
      if (ch === '"') this.inString = true;
      else if (ch === "{" || ch === "[") this.depth++;
      else if (ch === "}" || ch === "]") {
        this.depth--;
        if (this.depth === this.base) {
          out.push(this.current + text.slice(begin, i + 1));
          this.capturing = false;
        }
      }
    }
    if (this.capturing) this.current += text.slice(begin);
    return out;
  }

  /** A last value that ends with the input (a bare number); fails inside an unclosed value. */
  flush(): string[] {
    if (this.capturing && !this.scalar) throw new Error("Unexpected end-of-input: a JSON value is not closed");
    if (this.base === 1 && !this.done) throw new Error("Unexpected end-of-input: expected close marker for Array");
    return this.capturing ? [this.current] : [];
  }
}

const WHITESPACE = /\s/;
const DELIMITER = /[\s,\]}{["]/;
