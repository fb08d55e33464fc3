import type { J } from "./ast";

export type Token =
  | { k: "op"; v: string }
  | { k: "num"; v: number }
  | { k: "str"; parts: (string | J)[] }
  | { k: "ident"; v: string }
  | { k: "field"; v: string }
  | { k: "var"; v: string; line: number }
  | { k: "format"; v: string };

// Longest first: the lexer takes the first that matches.
const OPS = [
  "?//",
  "//=",
  "//",
  "==",
  "!=",
  "<=",
  ">=",
  "..",
  "|=",
  "+=",
  "-=",
  "*=",
  "/=",
  "%=",
  "and",
  "or",
  ".",
  "[",
  "]",
  "{",
  "}",
  "(",
  ")",
  "|",
  ",",
  ":",
  ";",
  "?",
  "<",
  ">",
  "+",
  "-",
  "*",
  "/",
  "%",
  "=",
];
const ESCAPES: Record<string, string> = { n: "\n", t: "\t", r: "\r", b: "\b", f: "\f", '"': '"', "\\": "\\", "/": "/" };

/** jq's lexer: strings may hold `\(…)` interpolations, which are parsed as programs of their own. */
export function tokenize(src: string, fail: () => never, parseSub: (src: string) => J): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (/\s/.test(c)) {
      i++;
    } else if (c === "#") {
      while (i < src.length && src[i] !== "\n") i++;
    } else if (c === '"') {
      const parts: (string | J)[] = [];
      let buf = "";
      i++;
      for (;;) {
        if (i >= src.length) fail();
        const ch = src[i];
        if (ch === '"') {
          i++;
          break;
        }
        if (ch === "\\") {
          const n = src[i + 1];
          if (n === "(") {
            let depth = 1;
            let j = i + 2;
            let inString = false;
            for (; j < src.length && depth > 0; j++) {
              if (inString) {
                if (src[j] === "\\") j++;
                else if (src[j] === '"') inString = false;
              } else if (src[j] === '"') inString = true;
              else if (src[j] === "(") depth++;
              else if (src[j] === ")") depth--;
            }
            if (depth > 0) fail();
            if (buf) parts.push(buf);
            buf = "";
            parts.push(parseSub(src.slice(i + 2, j - 1)));
            i = j;
          } else if (n === "u") {
            buf += String.fromCharCode(parseInt(src.slice(i + 2, i + 6), 16));
            i += 6;
          } else if (n !== undefined && n in ESCAPES) {
            buf += ESCAPES[n];
            i += 2;
          } else fail();
        } else {
          buf += ch;
          i++;
        }
      }
      if (buf || parts.length === 0) parts.push(buf);
      tokens.push({ k: "str", parts });
    } else if (/\d/.test(c) || (c === "." && /\d/.test(src[i + 1] ?? ""))) {
      const m = /^\d*\.?\d+(?:[eE][+-]?\d+)?|^\d+\.?/.exec(src.slice(i));
      if (!m) fail();
      tokens.push({ k: "num", v: Number(m[0]) });
      i += m[0].length;
    } else if (c === "$" || c === "@" || /[A-Za-z_]/.test(c)) {
      const m = /^[$@]?[A-Za-z_][A-Za-z0-9_]*(?:::[A-Za-z_][A-Za-z0-9_]*)*/.exec(src.slice(i));
      if (!m) fail();
      const word = m[0];
      i += word.length;
      if (word.startsWith("$")) tokens.push({ k: "var", v: word.slice(1), line: src.slice(0, i).split("\n").length });
      else if (word.startsWith("@")) tokens.push({ k: "format", v: word.slice(1) });
      else if (word === "and" || word === "or") tokens.push({ k: "op", v: word });
      else tokens.push({ k: "ident", v: word });
    } else if (c === "." && /[A-Za-z_]/.test(src[i + 1] ?? "")) {
      const m = /^\.([A-Za-z_][A-Za-z0-9_]*)/.exec(src.slice(i));
      tokens.push({ k: "field", v: m![1] });
      i += m![0].length;
    } else {
      const op = OPS.find((o) => src.startsWith(o, i) && !/^[a-z]/.test(o));
      if (!op) fail();
      tokens.push({ k: "op", v: op });
      i += op.length;
    }
  }
  return tokens;
}
