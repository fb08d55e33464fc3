import { PebbleSyntaxError, type SourcePosition } from "./errors";

export type TokenType =
  | "TEXT"
  | "PRINT_START"
  | "PRINT_END"
  | "EXEC_START"
  | "EXEC_END"
  | "NAME"
  | "NUMBER"
  | "STRING"
  | "INTERP_START"
  | "INTERP_END"
  | "OPERATOR"
  | "PUNCT"
  | "EOF";

export interface Token {
  type: TokenType;
  value: string;
  pos: SourcePosition;
}

// Longest first, so `???` wins over `??` and `==` over `=`.
const SYMBOL_OPERATORS = ["???", "??", "..", "==", "!=", "<=", ">=", "<", ">", "+", "-", "*", "/", "%", "~", "|"];
// `in`, `not in` and `isIn` are Kestra's (InExpression, NotInExpression), not core Pebble.
const WORD_OPERATORS = new Set(["and", "or", "not", "is", "contains", "equals", "in", "isIn"]);
const PUNCTUATION = "()[]{}?:.,=";
const IDENTIFIER = /[\p{L}_][\p{L}\p{N}_]*/uy;
const NUMBER = /[0-9]+(?:\.[0-9]+)?L?/y;
const WHITESPACE = /\s+/y;
// `{% raw %}` (Kestra) and `{% verbatim %}` (Pebble) keep their content as text, untouched.
const RAW_OPEN = /\{%-?\s*(raw|verbatim)\s*-?%\}/y;

/** Splits a template into text and expression tokens, applying `{{-`/`-}}` whitespace control. */
export function tokenize(source: string): Token[] {
  return new Lexer(source).run();
}

class Lexer {
  private i = 0;
  private line = 1;
  private col = 1;
  private readonly tokens: Token[] = [];
  private trimNextText = false;
  private brackets: string[] = [];

  constructor(private readonly src: string) {}

  run(): Token[] {
    while (this.i < this.src.length) this.lexData();
    this.push("EOF", "", this.here());
    return this.tokens;
  }

  private here(): SourcePosition {
    return { line: this.line, column: this.col };
  }

  private fail(reason: string, pos = this.here()): never {
    throw new PebbleSyntaxError(reason, pos, this.src);
  }

  private advance(n: number): void {
    for (let k = 0; k < n; k++) {
      if (this.src.charCodeAt(this.i + k) === 10) {
        this.line++;
        this.col = 1;
      } else this.col++;
    }
    this.i += n;
  }

  private push(type: TokenType, value: string, pos: SourcePosition): void {
    this.tokens.push({ type, value, pos });
  }

  private pushText(text: string, pos: SourcePosition, trimEnd: boolean): void {
    let value = this.trimNextText ? text.replace(/^\s+/, "") : text;
    this.trimNextText = false;
    if (trimEnd) value = value.replace(/\s+$/, "");
    if (value) this.push("TEXT", value, pos);
  }

  private lexData(): void {
    const start = this.here();
    const rest = this.src.slice(this.i);
    const m = /\{\{|\{%|\{#/.exec(rest);
    if (!m) {
      this.pushText(rest, start, false);
      this.advance(rest.length);
      return;
    }
    const open = m[0];
    RAW_OPEN.lastIndex = this.i + m.index;
    // Kestra swaps raw blocks out before Pebble sees them: their `-` trims nothing.
    const raw = open === "{%" && RAW_OPEN.test(this.src);
    const trimBefore = !raw && rest[m.index + 2] === "-";
    this.pushText(rest.slice(0, m.index), start, trimBefore);
    this.advance(m.index);
    if (open === "{#") return this.lexComment();
    if (raw && this.lexRaw()) return;
    const pos = this.here();
    this.advance(trimBefore ? 3 : 2);
    this.push(open === "{{" ? "PRINT_START" : "EXEC_START", open, pos);
    this.lexExpression(open === "{{" ? "}}" : "%}");
  }

  private lexComment(): void {
    const pos = this.here();
    const end = this.src.indexOf("#}", this.i + 2);
    if (end < 0) this.fail("Unclosed comment", pos);
    this.trimNextText = this.src[end - 1] === "-" && end - 1 >= this.i + 2;
    this.advance(end + 2 - this.i);
  }

  private lexRaw(): boolean {
    RAW_OPEN.lastIndex = this.i;
    const open = RAW_OPEN.exec(this.src);
    if (!open) return false;
    const close = new RegExp(`\\{%-?\\s*end${open[1]}\\s*-?%\\}`, "g");
    close.lastIndex = this.i + open[0].length;
    const end = close.exec(this.src);
    if (!end) this.fail(`Unclosed "${open[1]}" block`);
    const bodyStart = this.i + open[0].length;
    this.advance(open[0].length);
    const pos = this.here();
    const body = this.src.slice(bodyStart, end.index);
    if (body) this.push("TEXT", body, pos);
    this.advance(end.index + end[0].length - this.i);
    return true;
  }

  private lexExpression(close: string): void {
    for (;;) {
      WHITESPACE.lastIndex = this.i;
      const ws = WHITESPACE.exec(this.src);
      if (ws) this.advance(ws[0].length);
      if (this.i >= this.src.length) this.fail(`Unclosed "${close === "}}" ? "{{" : "{%"}"`);
      if (this.brackets.length === 0) {
        const trimmed = this.src.startsWith(`-${close}`, this.i);
        if (trimmed || this.src.startsWith(close, this.i)) {
          const pos = this.here();
          this.advance(close.length + (trimmed ? 1 : 0));
          this.push(close === "}}" ? "PRINT_END" : "EXEC_END", close, pos);
          this.trimNextText = trimmed;
          return;
        }
      }
      this.lexExpressionToken();
    }
  }

  private lexExpressionToken(): void {
    const pos = this.here();
    const c = this.src[this.i];
    if (c === '"' || c === "'") return this.lexString(c);
    NUMBER.lastIndex = this.i;
    const num = NUMBER.exec(this.src);
    if (num) {
      this.advance(num[0].length);
      return this.push("NUMBER", num[0].replace(/L$/, ""), pos);
    }
    IDENTIFIER.lastIndex = this.i;
    const id = IDENTIFIER.exec(this.src);
    if (id) {
      this.advance(id[0].length);
      return this.push(WORD_OPERATORS.has(id[0]) ? "OPERATOR" : "NAME", id[0], pos);
    }
    for (const op of SYMBOL_OPERATORS) {
      if (this.src.startsWith(op, this.i)) {
        this.advance(op.length);
        return this.push("OPERATOR", op, pos);
      }
    }
    if (PUNCTUATION.includes(c)) {
      if ("([{".includes(c)) this.brackets.push(c);
      if (")]}".includes(c)) {
        const openC = this.brackets.pop();
        if (openC === undefined || "([{".indexOf(openC) !== ")]}".indexOf(c)) this.fail(`Unexpected "${c}"`, pos);
      }
      this.advance(1);
      return this.push("PUNCT", c, pos);
    }
    this.fail(`Unexpected character "${c}"`, pos);
  }

  /** Pebble strings: only the quote itself can be escaped; `#{…}` interpolates in double quotes. */
  private lexString(quote: string): void {
    const startPos = this.here();
    this.advance(1);
    let buf = "";
    let bufPos = this.here();
    let interpolated = false;
    for (;;) {
      if (this.i >= this.src.length) this.fail("Unclosed string", startPos);
      const c = this.src[this.i];
      if (c === "\\" && this.src[this.i + 1] === quote) {
        buf += quote;
        this.advance(2);
      } else if (c === "\\" && this.i + 1 < this.src.length) {
        buf += c + this.src[this.i + 1];
        this.advance(2);
      } else if (c === quote) {
        this.advance(1);
        if (buf || !interpolated) this.push("STRING", buf, bufPos);
        return;
      } else if (quote === '"' && c === "#" && this.src[this.i + 1] === "{") {
        if (buf) this.push("STRING", buf, bufPos);
        else if (!interpolated) this.push("STRING", "", bufPos);
        interpolated = true;
        buf = "";
        this.push("INTERP_START", "#{", this.here());
        this.advance(2);
        this.lexInterpolation();
        bufPos = this.here();
      } else {
        buf += c;
        this.advance(1);
      }
    }
  }

  private lexInterpolation(): void {
    const saved = this.brackets;
    this.brackets = [];
    for (;;) {
      WHITESPACE.lastIndex = this.i;
      const ws = WHITESPACE.exec(this.src);
      if (ws) this.advance(ws[0].length);
      if (this.i >= this.src.length) this.fail('Unclosed "#{"');
      if (this.brackets.length === 0 && this.src[this.i] === "}") {
        this.push("INTERP_END", "}", this.here());
        this.advance(1);
        this.brackets = saved;
        return;
      }
      this.lexExpressionToken();
    }
  }
}
