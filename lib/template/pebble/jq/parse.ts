import { FilterError } from "../errors";
import type { J } from "./ast";
import { tokenize, type Token } from "./lexer";

const KEYWORDS = new Set([
  "as",
  "then",
  "elif",
  "else",
  "end",
  "catch",
  "reduce",
  "if",
  "try",
  "def",
  "foreach",
  "label",
  "import",
  "include",
]);

/**
 * Recursive-descent parser for a jq subset: paths, pipes, `,`, `//`, arithmetic, comparisons,
 * `and`/`or`, `as $x`, `reduce`, `if`/`elif`/`else`, `try`/`catch`, `?`, literals, string
 * interpolation, `@base64`-style formats, array and object construction, builtin calls.
 */
export class JqParser {
  private readonly tokens: Token[];
  private i = 0;

  constructor(private readonly src: string) {
    this.tokens = tokenize(
      src,
      () => this.fail(),
      (sub) => new JqParser(sub).parseProgram(),
    );
  }

  private fail(): never {
    throw new FilterError(`Unable to parse jq expression '${this.src}'`);
  }

  private peek(offset = 0): Token | undefined {
    return this.tokens[this.i + offset];
  }

  private isOp(v: string, offset = 0): boolean {
    const t = this.peek(offset);
    return t?.k === "op" && t.v === v;
  }

  private isIdent(v: string): boolean {
    const t = this.peek();
    return t?.k === "ident" && t.v === v;
  }

  private eatOp(v: string): void {
    if (!this.isOp(v)) this.fail();
    this.i++;
  }

  private eatIdent(v: string): void {
    if (!this.isIdent(v)) this.fail();
    this.i++;
  }

  private eatVar(): string {
    const t = this.peek();
    if (t?.k !== "var") this.fail();
    this.i++;
    return t.v;
  }

  parseProgram(): J {
    const e = this.pipe();
    if (this.i < this.tokens.length) this.fail();
    return e;
  }

  private pipe(): J {
    const l = this.comma();
    if (this.isOp("|")) {
      this.i++;
      return { t: "pipe", l, r: this.pipe() };
    }
    return l;
  }

  private comma(): J {
    let l = this.alternative();
    while (this.isOp(",")) {
      this.i++;
      l = { t: "comma", l, r: this.alternative() };
    }
    return l;
  }

  private alternative(): J {
    const l = this.or();
    if (this.isOp("//")) {
      this.i++;
      return { t: "bin", op: "//", l, r: this.alternative() };
    }
    return l;
  }

  private leftAssoc(next: () => J, ops: string[]): J {
    let l = next();
    for (;;) {
      const t = this.peek();
      if (t?.k !== "op" || !ops.includes(t.v)) return l;
      this.i++;
      l = { t: "bin", op: t.v, l, r: next() };
    }
  }

  private or = (): J => this.leftAssoc(this.and, ["or"]);
  private and = (): J => this.leftAssoc(this.comparison, ["and"]);

  private comparison = (): J => {
    const l = this.additive();
    const t = this.peek();
    if (t?.k === "op" && ["==", "!=", "<", "<=", ">", ">="].includes(t.v)) {
      this.i++;
      return { t: "bin", op: t.v, l, r: this.additive() };
    }
    return l;
  };

  private additive = (): J => this.leftAssoc(this.multiplicative, ["+", "-"]);
  private multiplicative = (): J => this.leftAssoc(this.unary, ["*", "/", "%"]);

  private unary = (): J => {
    if (this.isOp("-")) {
      this.i++;
      return { t: "neg", of: this.postfix() };
    }
    return this.binding(this.postfix());
  };

  /**
   * `Term as $name | body`: jq binds the term just before `as`, and the body runs to the end of the
   * pipe, so `1 + 2 as $x | $x * 10` is `1 + (2 as $x | $x * 10)`, 21.
   */
  private binding(source: J): J {
    if (!this.isIdent("as")) return source;
    this.i++;
    const name = this.eatVar();
    this.eatOp("|");
    return { t: "bind", source, name, body: this.pipe() };
  }

  private postfix(): J {
    let e = this.term();
    for (;;) {
      const t = this.peek();
      if (t?.k === "field") {
        this.i++;
        e = { t: "index", of: e, key: { t: "lit", v: t.v } };
      } else if (this.isOp(".") && this.peek(1)?.k === "str") {
        this.i++;
        e = { t: "index", of: e, key: this.stringTerm() };
      } else if (this.isOp("[") || (this.isOp(".") && this.isOp("[", 1))) {
        if (this.isOp(".")) this.i++;
        e = this.bracket(e);
      } else if (this.isOp("?")) {
        this.i++;
        e = { t: "try", body: e };
      } else return e;
    }
  }

  private bracket(of: J): J {
    this.eatOp("[");
    if (this.isOp("]")) {
      this.i++;
      return { t: "iterate", of };
    }
    if (this.isOp(":")) {
      this.i++;
      const to = this.pipe();
      this.eatOp("]");
      return { t: "slice", of, to };
    }
    const key = this.pipe();
    if (this.isOp(":")) {
      this.i++;
      const to = this.isOp("]") ? undefined : this.pipe();
      this.eatOp("]");
      return { t: "slice", of, from: key, to };
    }
    this.eatOp("]");
    return { t: "index", of, key };
  }

  private stringTerm(format?: string): J {
    const t = this.peek();
    if (t?.k !== "str") this.fail();
    this.i++;
    if (!format && t.parts.length === 1 && typeof t.parts[0] === "string") return { t: "lit", v: t.parts[0] };
    return { t: "str", parts: t.parts, format };
  }

  private term(): J {
    const t = this.peek();
    if (!t) return this.fail();
    switch (t.k) {
      case "num":
        this.i++;
        return { t: "lit", v: t.v };
      case "str":
        return this.stringTerm();
      case "field":
        this.i++;
        return { t: "index", of: { t: "identity" }, key: { t: "lit", v: t.v } };
      case "var":
        this.i++;
        return { t: "var", name: t.v };
      case "format":
        this.i++;
        return this.peek()?.k === "str" ? this.stringTerm(t.v) : { t: "format", name: t.v };
      case "ident":
        return this.keywordOrCall(t.v);
      case "op":
        return this.punctuationTerm(t.v);
    }
  }

  private punctuationTerm(op: string): J {
    switch (op) {
      case ".":
        this.i++;
        if (this.peek()?.k === "str") return { t: "index", of: { t: "identity" }, key: this.stringTerm() };
        if (this.isOp("[")) return this.bracket({ t: "identity" });
        return { t: "identity" };
      case "..":
        this.i++;
        return { t: "recurse" };
      case "(": {
        this.i++;
        const e = this.pipe();
        this.eatOp(")");
        return e;
      }
      case "[": {
        this.i++;
        if (this.isOp("]")) {
          this.i++;
          return { t: "array" };
        }
        const body = this.pipe();
        this.eatOp("]");
        return { t: "array", body };
      }
      case "{":
        return this.object();
      default:
        return this.fail();
    }
  }

  private keywordOrCall(word: string): J {
    this.i++;
    switch (word) {
      case "true":
      case "false":
        return { t: "lit", v: word === "true" };
      case "null":
        return { t: "lit", v: null };
      case "reduce": {
        const source = this.postfix();
        this.eatIdent("as");
        const name = this.eatVar();
        this.eatOp("(");
        const init = this.pipe();
        this.eatOp(";");
        const update = this.pipe();
        this.eatOp(")");
        return { t: "reduce", source, name, init, update };
      }
      case "if": {
        const branches = [{ cond: this.pipe(), then: (this.eatIdent("then"), this.pipe()) }];
        while (this.isIdent("elif")) {
          this.i++;
          const cond = this.pipe();
          this.eatIdent("then");
          branches.push({ cond, then: this.pipe() });
        }
        let otherwise: J | undefined;
        if (this.isIdent("else")) {
          this.i++;
          otherwise = this.pipe();
        }
        this.eatIdent("end");
        return { t: "if", branches, otherwise };
      }
      case "try": {
        const body = this.postfix();
        if (this.isIdent("catch")) {
          this.i++;
          return { t: "try", body, handler: this.postfix() };
        }
        return { t: "try", body };
      }
      default: {
        if (KEYWORDS.has(word)) this.fail();
        const args: J[] = [];
        if (this.isOp("(")) {
          this.i++;
          args.push(this.pipe());
          while (this.isOp(";")) {
            this.i++;
            args.push(this.pipe());
          }
          this.eatOp(")");
        }
        return { t: "call", name: word, args };
      }
    }
  }

  private object(): J {
    this.eatOp("{");
    const entries: { key: J; value?: J }[] = [];
    while (!this.isOp("}")) {
      if (entries.length) this.eatOp(",");
      const t = this.peek();
      let key: J;
      if (t?.k === "ident") {
        this.i++;
        key = { t: "lit", v: t.v };
      } else if (t?.k === "var") {
        this.i++;
        key = { t: "lit", v: t.v };
        if (!this.isOp(":")) {
          entries.push({ key, value: { t: "var", name: t.v } });
          continue;
        }
      } else if (t?.k === "str") key = this.stringTerm();
      else if (t?.k === "format") {
        this.i++;
        key = this.stringTerm(t.v);
      } else if (this.isOp("(")) {
        this.i++;
        key = this.pipe();
        this.eatOp(")");
      } else return this.fail();
      let value: J | undefined;
      if (this.isOp(":")) {
        this.i++;
        value = this.objectValue();
      }
      entries.push({ key, value });
    }
    this.eatOp("}");
    return { t: "object", entries };
  }

  /** An object value: anything up to `,` or `}` (jq's ObjVal allows pipes of terms). */
  private objectValue(): J {
    let l = this.alternative();
    while (this.isOp("|")) {
      this.i++;
      l = { t: "pipe", l, r: this.alternative() };
    }
    return l;
  }
}

export type { J } from "./ast";
