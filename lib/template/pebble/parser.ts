import type { Args, Expr, FilterCall, Node, Template } from "./ast";
import { PebbleSyntaxError, type SourcePosition } from "./errors";
import { tokenize, type Token } from "./lexer";

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
const MAX_NESTING = 200;
const RESERVED = new Set(["true", "false", "null", "none", "TRUE", "FALSE", "NULL", "NONE"]);

/** Parses a whole template (text, `{{ }}`, `{% %}`) into nodes. */
export function parse(source: string): Template {
  const parser = new Parser(tokenize(source), source);
  const { nodes, stop } = parser.parseBody([]);
  if (stop) parser.failAt(`Unexpected tag "${stop.value}"`, stop.pos);
  return { source, nodes };
}

/** Parses one bare expression (no delimiters), as in a flow's `condition:`. */
export function parseExpressionSource(source: string): Expr {
  const tokens = tokenize(`{{${source}}}`);
  const parser = new Parser(tokens, source);
  return parser.parseStandaloneExpression();
}

class Parser {
  private i = 0;
  private depth = 0;

  constructor(
    private readonly tokens: Token[],
    private readonly source: string,
  ) {}

  failAt(reason: string, pos: SourcePosition): never {
    throw new PebbleSyntaxError(reason, pos, this.source);
  }

  private get cur(): Token {
    return this.tokens[this.i];
  }

  private peek(n = 1): Token {
    return this.tokens[Math.min(this.i + n, this.tokens.length - 1)];
  }

  private next(): Token {
    const t = this.tokens[this.i];
    if (this.i < this.tokens.length - 1) this.i++;
    return t;
  }

  private is(type: Token["type"], value?: string): boolean {
    return this.cur.type === type && (value === undefined || this.cur.value === value);
  }

  private expect(type: Token["type"], value?: string): Token {
    if (!this.is(type, value)) {
      const found = this.cur.type === "EOF" ? "end of template" : `"${this.cur.value}"`;
      this.failAt(`Expected ${value ? `"${value}"` : type.toLowerCase()} but found ${found}`, this.cur.pos);
    }
    return this.next();
  }

  parseStandaloneExpression(): Expr {
    this.expect("PRINT_START");
    const expr = this.parseExpression();
    this.expect("PRINT_END");
    if (!this.is("EOF")) this.failAt("Unexpected text after the expression", this.cur.pos);
    return expr;
  }

  /** Reads nodes until one of the `stopAt` tags (returned, with its token) or the end. */
  parseBody(stopAt: string[]): { nodes: Node[]; stop?: Token } {
    const nodes: Node[] = [];
    for (;;) {
      const t = this.cur;
      if (t.type === "EOF") return { nodes };
      if (t.type === "TEXT") {
        nodes.push({ kind: "text", value: t.value });
        this.next();
      } else if (t.type === "PRINT_START") {
        this.next();
        if (this.is("PRINT_END")) this.failAt("Empty expression", this.cur.pos);
        const expr = this.parseExpression();
        this.expect("PRINT_END");
        nodes.push({ kind: "print", expr, pos: t.pos });
      } else if (t.type === "EXEC_START") {
        const tag = this.peek();
        if (tag.type !== "NAME" && tag.type !== "OPERATOR") this.failAt("Expected a tag name", tag.pos);
        if (stopAt.includes(tag.value)) {
          this.next();
          return { nodes, stop: this.next() };
        }
        this.next();
        nodes.push(this.parseTag());
      } else {
        this.failAt(`Unexpected "${t.value}"`, t.pos);
      }
    }
  }

  private endTag(): void {
    this.expect("EXEC_END");
  }

  private parseTag(): Node {
    const tag = this.next();
    if (++this.depth > MAX_NESTING) this.failAt(`Tags nested more than ${MAX_NESTING} levels deep`, tag.pos);
    try {
      return this.parseTagBody(tag);
    } finally {
      this.depth--;
    }
  }

  private parseTagBody(tag: Token): Node {
    switch (tag.value) {
      case "if":
        return this.parseIf(tag.pos);
      case "for":
        return this.parseFor(tag.pos);
      case "set": {
        const name = this.newVariableName();
        this.expect("PUNCT", "=");
        const value = this.parseExpression();
        this.endTag();
        return { kind: "set", name, value, pos: tag.pos };
      }
      case "filter":
        return this.parseFilterBlock(tag.pos);
      case "macro":
        return this.parseMacro(tag.pos);
      case "block": {
        const nameTok = this.next();
        if (nameTok.type !== "NAME" && nameTok.type !== "STRING") this.failAt("Expected a block name", nameTok.pos);
        this.endTag();
        const body = this.bodyUntil(["endblock"], "block", tag.pos);
        if (!this.is("EXEC_END")) this.next();
        this.endTag();
        return { kind: "block", name: nameTok.value, body: body.nodes, pos: tag.pos };
      }
      default:
        return this.failAt(`Unknown tag "${tag.value}"`, tag.pos);
    }
  }

  private bodyUntil(stopAt: string[], tag: string, pos: SourcePosition): { nodes: Node[]; stop: Token } {
    const body = this.parseBody(stopAt);
    if (!body.stop) this.failAt(`Unclosed "${tag}" tag: expected ${stopAt.map((s) => `{% ${s} %}`).join(" or ")}`, pos);
    return { nodes: body.nodes, stop: body.stop };
  }

  private parseIf(pos: SourcePosition): Node {
    const branches: { cond: Expr; body: Node[] }[] = [];
    let cond = this.parseExpression();
    let otherwise: Node[] | undefined;
    this.endTag();
    for (;;) {
      const body = this.bodyUntil(["elseif", "else", "endif"], "if", pos);
      branches.push({ cond, body: body.nodes });
      if (body.stop.value === "elseif") {
        cond = this.parseExpression();
        this.endTag();
        continue;
      }
      if (body.stop.value === "else") {
        this.endTag();
        otherwise = this.bodyUntil(["endif"], "if", pos).nodes;
      }
      this.endTag();
      return { kind: "if", branches, otherwise, pos };
    }
  }

  private parseFor(pos: SourcePosition): Node {
    const variable = this.newVariableName();
    this.expect("OPERATOR", "in");
    const iterable = this.parseExpression();
    this.endTag();
    const body = this.bodyUntil(["else", "endfor"], "for", pos);
    let otherwise: Node[] | undefined;
    if (body.stop.value === "else") {
      this.endTag();
      otherwise = this.bodyUntil(["endfor"], "for", pos).nodes;
    }
    this.endTag();
    return { kind: "for", variable, iterable, body: body.nodes, otherwise, pos };
  }

  private parseFilterBlock(pos: SourcePosition): Node {
    const filters: FilterCall[] = [];
    do {
      const name = this.expect("NAME");
      const args = this.is("PUNCT", "(") ? this.parseArguments() : { positional: [], named: [] };
      filters.push({ name: name.value, args, pos: name.pos });
    } while (this.is("OPERATOR", "|") && this.next());
    this.endTag();
    const body = this.bodyUntil(["endfilter"], "filter", pos);
    this.endTag();
    return { kind: "filterBlock", filters, body: body.nodes, pos };
  }

  private parseMacro(pos: SourcePosition): Node {
    const name = this.expect("NAME").value;
    this.expect("PUNCT", "(");
    const params: { name: string; defaultValue?: Expr }[] = [];
    while (!this.is("PUNCT", ")")) {
      if (params.length) this.expect("PUNCT", ",");
      const param = this.newVariableName();
      let defaultValue: Expr | undefined;
      if (this.is("PUNCT", "=")) {
        this.next();
        defaultValue = this.parseExpression();
      }
      params.push({ name: param, defaultValue });
    }
    this.expect("PUNCT", ")");
    this.endTag();
    const body = this.bodyUntil(["endmacro"], "macro", pos);
    this.endTag();
    return { kind: "macro", name, params, body: body.nodes, pos };
  }

  private newVariableName(): string {
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
        else if (["null", "none", "NULL", "NONE"].includes(t.value)) node = { kind: "literal", value: null, pos: t.pos };
        else if (this.is("PUNCT", "(")) node = { kind: "call", name: t.value, args: this.parseArguments(), pos: t.pos };
        else node = { kind: "var", name: t.value, pos: t.pos };
        break;
      case "NUMBER":
        this.next();
        node = { kind: "literal", value: Number(t.value), pos: t.pos };
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

  private parseArguments(): Args {
    const args: Args = { positional: [], named: [] };
    this.expect("PUNCT", "(");
    while (!this.is("PUNCT", ")")) {
      if (args.positional.length || args.named.length) this.expect("PUNCT", ",");
      if (this.is("NAME") && this.peek().type === "PUNCT" && this.peek().value === "=") {
        const name = this.newVariableName();
        this.next();
        args.named.push({ name, value: this.parseExpression() });
      } else {
        if (args.named.length) this.failAt("Positional arguments must be declared before any named arguments.", this.cur.pos);
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
