import { FilterError } from "../errors";

/** A jq program as a tree. */
export type J =
  | { t: "identity" }
  | { t: "recurse" }
  | { t: "lit"; v: unknown }
  | { t: "index"; of: J; key: J; optional: boolean }
  | { t: "slice"; of: J; from?: J; to?: J }
  | { t: "iterate"; of: J; optional: boolean }
  | { t: "pipe"; l: J; r: J }
  | { t: "comma"; l: J; r: J }
  | { t: "bin"; op: string; l: J; r: J }
  | { t: "call"; name: string; args: J[] }
  | { t: "array"; body?: J }
  | { t: "object"; entries: { key: J; value: J }[] };

const TOKEN = /\s*(;|\.\.|\.|\[|\]|\{|\}|\(|\)|\||,|:|\?|\/\/|==|!=|<=|>=|<|>|\+|-|\*|\/|%|"(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|[A-Za-z_][A-Za-z0-9_]*|\$[A-Za-z_][A-Za-z0-9_]*)/y;

/** Recursive-descent parser for the jq subset. */
export class JqParser {
  private tokens: string[] = [];
  private i = 0;

  constructor(private readonly src: string) {
    let pos = 0;
    while (pos < src.length) {
      if (/^\s*$/.test(src.slice(pos))) break;
      TOKEN.lastIndex = pos;
      const m = TOKEN.exec(src);
      if (!m) throw new FilterError(`Unable to parse jq expression '${src}' near '${src.slice(pos, pos + 10)}'`);
      this.tokens.push(m[1]);
      pos = TOKEN.lastIndex;
    }
  }

  private fail(): never {
    throw new FilterError(`Unable to parse jq expression '${this.src}'`);
  }

  private peek(): string | undefined {
    return this.tokens[this.i];
  }

  private eat(tok?: string): string {
    const t = this.tokens[this.i];
    if (t === undefined || (tok !== undefined && t !== tok)) this.fail();
    this.i++;
    return t;
  }

  parseProgram(): J {
    const e = this.pipe();
    if (this.i < this.tokens.length) this.fail();
    return e;
  }

  private pipe(): J {
    let l = this.comma();
    while (this.peek() === "|") {
      this.eat();
      l = { t: "pipe", l, r: this.comma() };
    }
    return l;
  }

  private comma(): J {
    let l = this.alt();
    while (this.peek() === ",") {
      this.eat();
      l = { t: "comma", l, r: this.alt() };
    }
    return l;
  }

  private binary(next: () => J, ops: string[]): () => J {
    return () => {
      let l = next();
      while (ops.includes(this.peek() ?? "")) {
        const op = this.eat();
        l = { t: "bin", op, l, r: next() };
      }
      return l;
    };
  }

  private alt = (): J => this.binary(this.or, ["//"])();
  private or = (): J => this.binary(this.and, ["or"])();
  private and = (): J => this.binary(this.cmp, ["and"])();
  private cmp = (): J => this.binary(this.add, ["==", "!=", "<", "<=", ">", ">="])();
  private add = (): J => this.binary(this.mul, ["+", "-"])();
  private mul = (): J => this.binary(this.postfix, ["*", "/", "%"])();

  private postfix = (): J => {
    let e = this.primary();
    for (;;) {
      const t = this.peek();
      if (t === "[" ) e = this.bracket(e);
      else if (t === "." && /^[A-Za-z_"]/.test(this.tokens[this.i + 1] ?? "")) {
        this.eat();
        e = { t: "index", of: e, key: { t: "lit", v: this.fieldName() }, optional: this.optional() };
      } else if (t === "." && this.tokens[this.i + 1] === "[") {
        this.eat();
        e = this.bracket(e);
      } else return e;
    }
  };

  private fieldName(): string {
    const t = this.eat();
    return t.startsWith('"') ? (JSON.parse(t) as string) : t;
  }

  private optional(): boolean {
    if (this.peek() === "?") {
      this.eat();
      return true;
    }
    return false;
  }

  private bracket(of: J): J {
    this.eat("[");
    if (this.peek() === "]") {
      this.eat();
      return { t: "iterate", of, optional: this.optional() };
    }
    if (this.peek() === ":") {
      this.eat();
      const to = this.pipe();
      this.eat("]");
      return { t: "slice", of, to };
    }
    const key = this.pipe();
    if (this.peek() === ":") {
      this.eat();
      const to = this.peek() === "]" ? undefined : this.pipe();
      this.eat("]");
      return { t: "slice", of, from: key, to };
    }
    this.eat("]");
    return { t: "index", of, key, optional: this.optional() };
  }

  private primary(): J {
    const t = this.eat();
    if (t === ".") {
      const next = this.peek() ?? "";
      if (/^[A-Za-z_"]/.test(next)) return { t: "index", of: { t: "identity" }, key: { t: "lit", v: this.fieldName() }, optional: this.optional() };
      return { t: "identity" };
    }
    if (t === "..") return { t: "recurse" };
    if (t === "(") {
      const e = this.pipe();
      this.eat(")");
      return e;
    }
    if (t === "[") {
      if (this.peek() === "]") {
        this.eat();
        return { t: "array" };
      }
      const body = this.pipe();
      this.eat("]");
      return { t: "array", body };
    }
    if (t === "{") return this.object();
    if (t.startsWith('"')) return { t: "lit", v: JSON.parse(t) };
    if (/^-?\d/.test(t)) return { t: "lit", v: Number(t) };
    if (t === "-") return { t: "bin", op: "-", l: { t: "lit", v: 0 }, r: this.postfix() };
    if (t === "true" || t === "false") return { t: "lit", v: t === "true" };
    if (t === "null") return { t: "lit", v: null };
    if (/^[A-Za-z_]/.test(t)) {
      const args: J[] = [];
      if (this.peek() === "(") {
        this.eat();
        args.push(this.pipe());
        while (this.peek() === ";") {
          this.eat();
          args.push(this.pipe());
        }
        this.eat(")");
      }
      return { t: "call", name: t, args };
    }
    return this.fail();
  }

  private object(): J {
    const entries: { key: J; value: J }[] = [];
    while (this.peek() !== "}") {
      if (entries.length) this.eat(",");
      const k = this.eat();
      let key: J;
      if (k === "(") {
        key = this.pipe();
        this.eat(")");
      } else key = { t: "lit", v: k.startsWith('"') ? JSON.parse(k) : k };
      let value: J = { t: "index", of: { t: "identity" }, key, optional: false };
      if (this.peek() === ":") {
        this.eat();
        value = this.alt();
      }
      entries.push({ key, value });
    }
    this.eat("}");
    return { t: "object", entries };
  }
}

