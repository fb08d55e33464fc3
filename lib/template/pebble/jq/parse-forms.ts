import type { FuncDef, J, Pattern } from "./ast";
import type { Cursor } from "./parse-cursor";

// The parser's forms with a syntax of their own: object construction, destructuring patterns and
// function definitions.

export const KEYWORDS = new Set([
  "as",
  "then",
  "elif",
  "else",
  "end",
  "catch",
  "reduce",
  "foreach",
  "if",
  "try",
  "def",
  "label",
  "break",
  "import",
  "include",
  "module",
  "__loc__",
]);

/** What the forms need from the parser besides tokens. */
export interface Parser extends Cursor {
  pipe(): J;
  objectValue(): J;
}

/** An object key other than `$var`: a name (keywords too), a string, `@fmt "…"` or `(expr)`. */
function objectKey(p: Parser): J {
  const t = p.peek();
  if (t?.k === "ident" || (t?.k === "op" && (t.v === "and" || t.v === "or"))) {
    p.next();
    return { t: "lit", v: t.v };
  }
  if (t?.k === "str") return p.stringTerm();
  if (t?.k === "format") {
    p.next();
    return p.stringTerm(t.v);
  }
  p.eatOp("(");
  const key = p.pipe();
  p.eatOp(")");
  return key;
}

/** After `{`: `a`, `"a"`, `$a`, `(e): v`, `a: v`…; without a value, the key's value in the input. */
export function parseObject(p: Parser): J {
  const entries: { key: J; value?: J }[] = [];
  while (!p.takeOp("}")) {
    if (entries.length) p.eatOp(",");
    const t = p.peek();
    if (t?.k === "var") {
      p.next();
      const own: J = t.v === "__loc__" ? { t: "loc", line: t.line } : { t: "var", name: t.v };
      entries.push({ key: { t: "lit", v: t.v }, value: p.takeOp(":") ? p.objectValue() : own });
      continue;
    }
    const parenthesized = p.isOp("(");
    const key = objectKey(p);
    if (p.takeOp(":")) entries.push({ key, value: p.objectValue() });
    else if (parenthesized) p.fail();
    else entries.push({ key });
  }
  return { t: "object", entries };
}

/** Patterns after `as`, `?//`-separated alternatives. */
export function parsePatterns(p: Parser): Pattern[] {
  const out = [pattern(p)];
  while (p.takeOp("?//")) out.push(pattern(p));
  return out;
}

function pattern(p: Parser): Pattern {
  const t = p.peek();
  if (t?.k === "var") {
    p.next();
    return { t: "var", name: t.v };
  }
  if (p.takeOp("[")) {
    const items = [pattern(p)];
    while (p.takeOp(",")) items.push(pattern(p));
    p.eatOp("]");
    return { t: "array", items };
  }
  p.eatOp("{");
  const entries: { key: J; bind?: string; value?: Pattern }[] = [];
  do {
    const k = p.peek();
    if (k?.k === "var") {
      p.next();
      entries.push({ key: { t: "lit", v: k.v }, bind: k.v, value: p.takeOp(":") ? pattern(p) : undefined });
      continue;
    }
    const key = objectKey(p);
    p.eatOp(":");
    entries.push({ key, value: pattern(p) });
  } while (p.takeOp(","));
  p.eatOp("}");
  return { t: "object", entries };
}

/** After `def`: `name: body;` or `name(f; $v): body;`. */
export function parseFuncDef(p: Parser): FuncDef {
  const t = p.next();
  if (t?.k !== "ident" || KEYWORDS.has(t.v)) return p.fail();
  const params: string[] = [];
  if (p.takeOp("(")) {
    do {
      const param = p.next();
      if (param?.k === "var") params.push(`$${param.v}`);
      else if (param?.k === "ident" && !KEYWORDS.has(param.v)) params.push(param.v);
      else p.fail();
    } while (p.takeOp(";"));
    p.eatOp(")");
  }
  p.eatOp(":");
  const body = p.pipe();
  p.eatOp(";");
  return { name: t.v, params, body };
}
