import { FilterError } from "../errors";
import type { J } from "./ast";
import type { Token } from "./lexer";

export const syntaxError = (src: string) => new FilterError(`Unable to parse jq expression '${src}'`);

/** Reading tokens: what the parser (parse.ts) and its forms (parse-forms.ts) share. */
export class Cursor {
  protected i = 0;

  constructor(
    readonly src: string,
    private readonly tokens: Token[],
  ) {}

  fail(): never {
    throw syntaxError(this.src);
  }

  atEnd(): boolean {
    return this.i >= this.tokens.length;
  }

  peek(offset = 0): Token | undefined {
    return this.tokens[this.i + offset];
  }

  next(): Token | undefined {
    return this.tokens[this.i++];
  }

  isOp(v: string, offset = 0): boolean {
    const t = this.peek(offset);
    return t?.k === "op" && t.v === v;
  }

  isIdent(v: string): boolean {
    const t = this.peek();
    return t?.k === "ident" && t.v === v;
  }

  /** Takes the operator `v` if it comes next; says whether it did. */
  takeOp(v: string): boolean {
    if (!this.isOp(v)) return false;
    this.i++;
    return true;
  }

  takeIdent(v: string): boolean {
    if (!this.isIdent(v)) return false;
    this.i++;
    return true;
  }

  eatOp(v: string): void {
    if (!this.takeOp(v)) this.fail();
  }

  eatIdent(v: string): void {
    if (!this.takeIdent(v)) this.fail();
  }

  eatVar(): string {
    const t = this.peek();
    if (t?.k !== "var") this.fail();
    this.i++;
    return t.v;
  }

  /** A string literal, or an interpolated string (formatted with `@format` when given). */
  stringTerm(format?: string): J {
    const t = this.peek();
    if (t?.k !== "str") this.fail();
    this.i++;
    if (!format && t.parts.length === 1 && typeof t.parts[0] === "string") return { t: "lit", v: t.parts[0] };
    return { t: "str", parts: t.parts, format };
  }
}
