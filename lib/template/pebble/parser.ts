import type { Expr, FilterCall, Node, Template } from "./ast";
import { ExpressionParser, MAX_NESTING } from "./expression-parser";
import type { SourcePosition } from "./errors";
import { tokenize, type Token } from "./lexer";

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

/** Pebble's template parser: text, `{{ }}` and the tags Kestra keeps, over the expression parser. */
class Parser extends ExpressionParser {
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
}
