import { FilterError } from "../errors";
import type { J } from "./ast";
import { tokenize } from "./lexer";
import { Cursor, syntaxError } from "./parse-cursor";
import { KEYWORDS, parseFuncDef, parseObject, parsePatterns } from "./parse-forms";

const ASSIGN_OPS = ["=", "|=", "+=", "-=", "*=", "/=", "%=", "//="];

/**
 * Assignments as jq 1.6 compiles them: `a = b` is `_assign(a; b)`, `a |= f` is `_modify(a; f)`,
 * `a += b` is `b as $tmp | _modify(a; . + $tmp)` (b runs on the input, once per output).
 */
function assignment(op: string, l: J, r: J): J {
  if (op === "=") return { t: "call", name: "_assign", args: [l, r] };
  if (op === "|=") return { t: "call", name: "_modify", args: [l, r] };
  const tmp: J = { t: "var", name: "*tmp" };
  const update: J = { t: "bin", op: op.slice(0, -1), l: { t: "identity" }, r: tmp };
  const body: J = { t: "call", name: "_modify", args: [l, update] };
  return { t: "bind", source: r, patterns: [{ t: "var", name: "*tmp" }], body };
}

/**
 * Recursive-descent parser for jq 1.6's grammar (src/parser.y), with its precedences from loosest
 * to tightest: `|`, `,`, `//`, assignments, `or`, `and`, comparisons, `+ -`, `* / %`, postfix.
 * `def`, `label $x |` and `Term as $x |` take the rest of the pipe as their body, so
 * `1 + 2 as $x | $x * 10` is `1 + (2 as $x | $x * 10)`.
 */
export class JqParser extends Cursor {
  constructor(src: string) {
    super(
      src,
      tokenize(
        src,
        () => {
          throw syntaxError(src);
        },
        (sub) => new JqParser(sub).parseProgram(),
      ),
    );
  }

  parseProgram(): J {
    const e = this.pipe();
    if (!this.atEnd()) this.fail();
    return e;
  }

  pipe(): J {
    const l = this.comma();
    return this.takeOp("|") ? { t: "pipe", l, r: this.pipe() } : l;
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

  private comma = (): J => {
    let l = this.alternative();
    while (this.takeOp(",")) l = { t: "comma", l, r: this.alternative() };
    return l;
  };

  private alternative = (): J => {
    const l = this.assignment();
    return this.takeOp("//") ? { t: "bin", op: "//", l, r: this.alternative() } : l;
  };

  private assignment = (): J => {
    const l = this.or();
    const t = this.peek();
    if (t?.k !== "op" || !ASSIGN_OPS.includes(t.v)) return l;
    this.i++;
    return assignment(t.v, l, this.or());
  };

  private or = (): J => this.leftAssoc(this.and, ["or"]);
  private and = (): J => this.leftAssoc(this.comparison, ["and"]);

  private comparison = (): J => {
    const l = this.additive();
    const t = this.peek();
    if (t?.k !== "op" || !["==", "!=", "<", "<=", ">", ">="].includes(t.v)) return l;
    this.i++;
    return { t: "bin", op: t.v, l, r: this.additive() };
  };

  private additive = (): J => this.leftAssoc(this.multiplicative, ["+", "-"]);
  private multiplicative = (): J => this.leftAssoc(this.unary, ["*", "/", "%"]);

  /** jq's `'-' Exp` takes `*`, `/` and `%` into its operand: `-1.5 * "x"` is `-(1.5 * "x")`. */
  private unary = (): J => {
    if (this.takeOp("-")) return { t: "neg", of: this.multiplicative() };
    const source = this.postfix();
    if (!this.takeIdent("as")) return source;
    const patterns = parsePatterns(this);
    this.eatOp("|");
    return { t: "bind", source, patterns, body: this.pipe() };
  };

  /** An object value: anything up to `,` or `}` (jq's ExpD allows pipes of terms). */
  objectValue(): J {
    let l = this.alternative();
    while (this.takeOp("|")) l = { t: "pipe", l, r: this.alternative() };
    return l;
  }

  /** A term and its suffixes: `.a`, `."a"`, `[…]`, `.[…]`, `?`. A `?` right after an access makes that access optional. */
  private postfix(): J {
    let access = this.peek()?.k === "field" || (this.isOp(".") && (this.peek(1)?.k === "str" || this.isOp("[", 1)));
    let e: J = access ? { t: "identity" } : this.term();
    for (;;) {
      const t = this.peek();
      if (t?.k === "field") {
        this.i++;
        e = { t: "index", of: e, key: { t: "lit", v: t.v } };
      } else if (this.isOp(".") && this.peek(1)?.k === "str") {
        this.i++;
        e = { t: "index", of: e, key: this.stringTerm() };
      } else if (this.isOp("[") || (this.isOp(".") && this.isOp("[", 1))) {
        this.takeOp(".");
        e = this.bracket(e);
      } else if (this.takeOp("?")) {
        if (access && (e.t === "index" || e.t === "slice" || e.t === "iterate") && !e.opt) e = { ...e, opt: true };
        else e = { t: "try", body: e };
        access = false;
        continue;
      } else return e;
      access = true;
    }
  }

  private bracket(of: J): J {
    this.eatOp("[");
    if (this.takeOp("]")) return { t: "iterate", of };
    if (this.takeOp(":")) {
      const to = this.pipe();
      this.eatOp("]");
      return { t: "slice", of, to };
    }
    const key = this.pipe();
    if (this.takeOp(":")) {
      const to = this.isOp("]") ? undefined : this.pipe();
      this.eatOp("]");
      return { t: "slice", of, from: key, to };
    }
    this.eatOp("]");
    return { t: "index", of, key };
  }

  private term(): J {
    if (this.peek()?.k === "str") return this.stringTerm();
    const t = this.next();
    switch (t?.k) {
      case "num":
        return { t: "lit", v: t.v };
      case "var":
        return t.v === "__loc__" ? { t: "loc", line: t.line } : { t: "var", name: t.v };
      case "format":
        return this.peek()?.k === "str" ? this.stringTerm(t.v) : { t: "format", name: t.v };
      case "ident":
        return this.keywordOrCall(t.v);
      case "op":
        return this.punctuationTerm(t.v);
      default:
        return this.fail();
    }
  }

  private punctuationTerm(op: string): J {
    switch (op) {
      case ".":
        return { t: "identity" };
      case "..":
        return { t: "recurse" };
      case "(": {
        const e = this.pipe();
        this.eatOp(")");
        return e;
      }
      case "[": {
        if (this.takeOp("]")) return { t: "array" };
        const body = this.pipe();
        this.eatOp("]");
        return { t: "array", body };
      }
      case "{":
        return parseObject(this);
      default:
        return this.fail();
    }
  }

  private keywordOrCall(word: string): J {
    switch (word) {
      case "true":
      case "false":
        return { t: "lit", v: word === "true" };
      case "null":
        return { t: "lit", v: null };
      case "reduce":
      case "foreach":
        return this.fold(word);
      case "if":
        return this.conditional();
      case "try": {
        const body = this.tryOperand();
        return this.takeIdent("catch") ? { t: "try", body, handler: this.tryOperand() } : { t: "try", body };
      }
      case "label": {
        const name = this.eatVar();
        this.eatOp("|");
        return { t: "label", name, body: this.pipe() };
      }
      case "break":
        return { t: "break", name: this.eatVar() };
      case "def": {
        const def = parseFuncDef(this);
        return { t: "def", def, body: this.pipe() };
      }
      case "import":
      case "include":
      case "module":
        throw new FilterError("jq modules (import, include) are not supported");
      default: {
        if (KEYWORDS.has(word)) this.fail();
        const args: J[] = [];
        if (this.takeOp("(")) {
          do args.push(this.pipe());
          while (this.takeOp(";"));
          this.eatOp(")");
        }
        return { t: "call", name: word, args };
      }
    }
  }

  /** After `reduce`/`foreach`: `Term as $x (init; update)`, foreach with an optional `; extract`. */
  private fold(word: "reduce" | "foreach"): J {
    const source = this.postfix();
    this.eatIdent("as");
    const patterns = parsePatterns(this);
    this.eatOp("(");
    const init = this.pipe();
    this.eatOp(";");
    const update = this.pipe();
    const extract = word === "foreach" && this.takeOp(";") ? this.pipe() : undefined;
    this.eatOp(")");
    return word === "reduce"
      ? { t: "reduce", source, patterns, init, update }
      : { t: "foreach", source, patterns, init, update, extract };
  }

  /** What `try` and `catch` take: a postfix term, perhaps negated (`try -. catch .`). */
  private tryOperand(): J {
    return this.takeOp("-") ? { t: "neg", of: this.tryOperand() } : this.postfix();
  }

  /** After `if`: `cond then a (elif c then b)* (else d)? end`; a missing `else` keeps the input. */
  private conditional(): J {
    const cond = this.pipe();
    this.eatIdent("then");
    const then = this.pipe();
    if (this.takeIdent("elif")) return { t: "if", cond, then, else: this.conditional() };
    const otherwise = this.takeIdent("else") ? this.pipe() : undefined;
    this.eatIdent("end");
    return { t: "if", cond, then, else: otherwise };
  }
}

export type { J } from "./ast";
