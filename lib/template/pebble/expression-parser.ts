import type { Args, Expr } from "./ast";
import { PebbleSyntaxError, type SourcePosition } from "./errors";
import type { Token } from "./lexer";
import { toDouble } from "./values";

// Pebble's CoreExtension precedences, plus Kestra's `??` and `???` (120).
const BINARY: Record<string, number> = {
  or: 10,
  and: 15,
  is: 20,
  contains: 20,
  in: 20,
  isIn: 20,
  "not in": 20,
  "==": 30,
  equals: 30,
  "!=": 30,
  ">": 30,
  "<": 30,
  ">=": 30,
  "<=": 30,
  "+": 40,
  "-": 40,
  "*": 60,
  "/": 60,
  "%": 60,
  "|": 100,
  "~": 110,
  "..": 120,
  "??": 120,
  "???": 120,
};
const UNARY_PRECEDENCE = 500;
// Deeper nesting than this is refused before the JavaScript stack runs out.
export const MAX_NESTING = 200;
const RESERVED = new Set(["true", "false", "null", "none", "TRUE", "FALSE", "NULL", "NONE"]);

/** Pebble's ExpressionParser: precedence climbing over the lexer's tokens. */
export class ExpressionParser {
  protected i = 0;
  protected depth = 0;

  constructor(
    protected readonly tokens: Token[],
    protected readonly source: string,
  ) {}

  failAt(reason: string, pos: SourcePosition): never {
    throw new PebbleSyntaxError(reason, pos, this.source);
  }

  protected get cur(): Token {
    return this.tokens[this.i];
  }

  protected peek(n = 1): Token {
    return this.tokens[Math.min(this.i + n, this.tokens.length - 1)];
  }

  protected next(): Token {
    const t = this.tokens[this.i];
    if (this.i < this.tokens.length - 1) this.i++;
    return t;
  }

  protected is(type: Token["type"], value?: string): boolean {
    return this.cur.type === type && (value === undefined || this.cur.value === value);
  }

  protected expect(type: Token["type"], value?: string): Token {
    if (!this.is(type, value)) {
      const found = this.cur.type === "EOF" ? "end of template" : `"${this.cur.value}"`;
      this.failAt(`Expected ${value ? `"${value}"` : type.toLowerCase()} but found ${found}`, this.cur.pos);
    }
    return this.next();
  }

  protected newVariableName(): string {
    const t = this.expect("NAME");
    if (RESERVED.has(t.value)) this.failAt(`Can not assign a value to ${t.value}`, t.pos);
    return t.value;
  }

  // ---- expressions: Pebble's precedence climbing (ExpressionParser.parseExpression)

  parseExpression(minPrecedence = 0): Expr {
    if (++this.depth > MAX_NESTING) this.failAt(`Expression nested more than ${MAX_NESTING} levels deep`, this.cur.pos);
    try {
      return this.parseExpressionAt(minPrecedence);
    } finally {
      this.depth--;
    }
  }

  private parseExpressionAt(minPrecedence: number): Expr {
    const t = this.cur;
    let expr: Expr;
    if (t.type === "OPERATOR" && (t.value === "not" || t.value === "-" || t.value === "+")) {
      this.next();
      expr = { kind: "unary", op: t.value, operand: this.parseExpression(UNARY_PRECEDENCE), pos: t.pos };
    } else if (this.is("PUNCT", "(")) {
      this.next();
      expr = this.parseExpression();
      this.expect("PUNCT", ")");
      expr = this.parsePostfix(expr);
    } else if (this.is("PUNCT", "[")) {
      expr = this.parseArray();
    } else if (this.is("PUNCT", "{")) {
      expr = this.parseMap();
    } else {
      expr = this.parsePrimary();
    }
    for (;;) {
      const op = this.cur;
      // `not` in operator position can only start `not in`.
      const notIn = this.is("OPERATOR", "not") && this.peek().type === "OPERATOR" && this.peek().value === "in";
      const name = notIn ? "not in" : op.value;
      const precedence = op.type === "OPERATOR" ? BINARY[name] : undefined;
      if (precedence === undefined || precedence < minPrecedence) break;
      this.next();
      if (notIn) this.next();
      if (op.value === "|") {
        const name = this.expect("NAME");
        const args = this.is("PUNCT", "(") ? this.parseArguments() : { positional: [], named: [] };
        expr = { kind: "filter", input: expr, name: name.value, args, pos: name.pos };
      } else if (op.value === "is") {
        const negated = this.is("OPERATOR", "not");
        if (negated) this.next();
        const name = this.expect("NAME");
        const args = this.is("PUNCT", "(") ? this.parseArguments() : { positional: [], named: [] };
        expr = { kind: "test", input: expr, name: name.value, args, negated, pos: name.pos };
      } else {
        const right = this.parseExpression(precedence + 1);
        expr = { kind: "binary", op: name === "equals" ? "==" : name, left: expr, right, pos: op.pos };
      }
    }
    if (minPrecedence === 0 && this.is("PUNCT", "?")) {
      const q = this.next();
      const then = this.parseExpression();
      this.expect("PUNCT", ":");
      const otherwise = this.parseExpression();
      return { kind: "ternary", cond: expr, then, else: otherwise, pos: q.pos };
    }
    return expr;
  }

  private parsePrimary(): Expr {
    const t = this.cur;
    let node: Expr;
    switch (t.type) {
      case "NAME":
        this.next();
        if (t.value === "true" || t.value === "TRUE") node = { kind: "literal", value: true, pos: t.pos };
        else if (t.value === "false" || t.value === "FALSE") node = { kind: "literal", value: false, pos: t.pos };
        else if (["null", "none", "NULL", "NONE"].includes(t.value))
          node = { kind: "literal", value: null, pos: t.pos };
        else if (this.is("PUNCT", "(")) node = { kind: "call", name: t.value, args: this.parseArguments(), pos: t.pos };
        else node = { kind: "var", name: t.value, pos: t.pos };
        break;
      case "NUMBER":
        this.next();
        // `4.0` is a Java double, `4` a long: the literal keeps the difference.
        node = {
          kind: "literal",
          value: t.value.includes(".") ? toDouble(Number(t.value)) : Number(t.value),
          pos: t.pos,
        };
        break;
      case "STRING":
      case "INTERP_START":
        node = this.parseString();
        break;
      default: {
        const found = t.type === "EOF" ? "end of template" : `"${t.value}"`;
        return this.failAt(`Unexpected ${found}`, t.pos);
      }
    }
    return this.parsePostfix(node);
  }

  private parseString(): Expr {
    const pos = this.cur.pos;
    const parts: Expr[] = [];
    if (this.is("STRING")) {
      const t = this.next();
      parts.push({ kind: "literal", value: t.value, pos: t.pos });
    }
    while (this.is("INTERP_START")) {
      this.next();
      parts.push(this.parseExpression());
      this.expect("INTERP_END");
      if (this.is("STRING")) {
        const t = this.next();
        parts.push({ kind: "literal", value: t.value, pos: t.pos });
      }
    }
    return parts.length === 1 ? parts[0] : { kind: "concat", parts, pos };
  }

  private parsePostfix(node: Expr): Expr {
    for (;;) {
      if (this.is("PUNCT", ".")) {
        this.next();
        const name = this.cur.type === "NUMBER" || this.cur.type === "OPERATOR" ? this.next() : this.expect("NAME");
        const key: Expr = { kind: "literal", value: name.value, pos: name.pos };
        let call: Args | undefined;
        if (this.is("PUNCT", "(")) {
          call = this.parseArguments();
          if (call.named.length) this.failAt("Can not use named arguments when calling a bean method", name.pos);
        }
        node = { kind: "attr", object: node, key, call, pos: name.pos };
      } else if (this.is("PUNCT", "[")) {
        const open = this.next();
        const key = this.parseExpression();
        this.expect("PUNCT", "]");
        node = { kind: "attr", object: node, key, pos: open.pos };
      } else {
        return node;
      }
    }
  }

  protected parseArguments(): Args {
    const args: Args = { positional: [], named: [] };
    this.expect("PUNCT", "(");
    while (!this.is("PUNCT", ")")) {
      if (args.positional.length || args.named.length) this.expect("PUNCT", ",");
      if (this.is("NAME") && this.peek().type === "PUNCT" && this.peek().value === "=") {
        const name = this.newVariableName();
        this.next();
        args.named.push({ name, value: this.parseExpression() });
      } else {
        if (args.named.length)
          this.failAt("Positional arguments must be declared before any named arguments.", this.cur.pos);
        args.positional.push(this.parseExpression());
      }
    }
    this.expect("PUNCT", ")");
    return args;
  }

  private parseArray(): Expr {
    const open = this.expect("PUNCT", "[");
    const items: Expr[] = [];
    while (!this.is("PUNCT", "]")) {
      if (items.length) this.expect("PUNCT", ",");
      items.push(this.parseExpression());
    }
    this.expect("PUNCT", "]");
    return { kind: "array", items, pos: open.pos };
  }

  private parseMap(): Expr {
    const open = this.expect("PUNCT", "{");
    const entries: { key: Expr; value: Expr }[] = [];
    while (!this.is("PUNCT", "}")) {
      if (entries.length) this.expect("PUNCT", ",");
      const key = this.parseExpression();
      this.expect("PUNCT", ":");
      entries.push({ key, value: this.parseExpression() });
    }
    this.expect("PUNCT", "}");
    return { kind: "map", entries, pos: open.pos };
  }
}
