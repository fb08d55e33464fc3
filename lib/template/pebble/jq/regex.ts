import { JqError, obj, typeError } from "./values";

// jq's regexes are Oniguruma's (Perl_NT syntax: `^` and `$` anchor the whole string, `.` skips only
// "\n", `\w` and `\b` are Unicode-aware). They run here as JavaScript regexes ("u" and "d" flags),
// the pattern translated as it is read.

/** A compiled jq regex: the JavaScript one and each capture group's name (null when unnamed). */
export interface JqRegex {
  re: RegExp;
  names: (string | null)[];
  global: boolean;
  notEmpty: boolean;
}

const WORD = "\\p{L}\\p{M}\\p{Nd}\\p{Pc}";
const W = `[${WORD}]`;
const OUTSIDE: Record<string, string> = {
  d: "\\p{Nd}",
  D: "\\P{Nd}",
  w: W,
  W: `[^${WORD}]`,
  h: "[0-9a-fA-F]",
  H: "[^0-9a-fA-F]",
  b: `(?:(?<=${W})(?!${W})|(?<!${W})(?=${W}))`,
  B: `(?:(?<=${W})(?=${W})|(?<!${W})(?!${W}))`,
  A: "^",
  z: "$",
  Z: "(?=\\n?$)",
  G: "",
  e: "\\x1b",
  a: "\\x07",
};
const INSIDE: Record<string, string> = { d: "\\p{Nd}", w: WORD, h: "0-9a-fA-F", e: "\\x1b", a: "\\x07" };
const POSIX: Record<string, string> = {
  alpha: "\\p{L}\\p{M}",
  digit: "0-9",
  alnum: "\\p{L}\\p{M}\\p{Nd}",
  upper: "\\p{Lu}",
  lower: "\\p{Ll}",
  space: "\\s",
  blank: " \\t",
  punct: "\\p{P}",
  cntrl: "\\p{Cc}",
  xdigit: "0-9A-Fa-f",
  word: WORD,
  print: "\\P{C}",
  graph: "\\p{L}\\p{M}\\p{N}\\p{P}\\p{S}",
};
const SYNTAX = "^$\\.*+?()[]{}|/";

/** One escape `\x…` at `i` (the backslash), translated; returns it and where it ends. */
function translateEscape(src: string, i: number, inClass: boolean): [string, number] {
  const c = src[i + 1];
  if (c === undefined) throw new Error("trailing backslash");
  if (c === "x" && src[i + 2] === "{") {
    const end = src.indexOf("}", i);
    return [`\\u{${src.slice(i + 3, end)}}`, end + 1];
  }
  if (c === "0" && /[0-7]/.test(src[i + 2] ?? "")) {
    const m = /^[0-7]{1,2}/.exec(src.slice(i + 2))![0];
    return [`\\u{${Number.parseInt(m, 8).toString(16)}}`, i + 2 + m.length];
  }
  const table = inClass ? INSIDE : OUTSIDE;
  if (Object.hasOwn(table, c)) return [table[c], i + 2];
  if (/[A-Za-z0-9]/.test(c) || SYNTAX.includes(c) || (inClass && c === "-")) return [`\\${c}`, i + 2];
  return [c === " " && !inClass ? " " : c, i + 2];
}

/** How to read a pattern: `.` matches "\n" too, "x" mode, `^`/`$` at every line (Perl's `(?m)`). */
interface Mode {
  dotAll: boolean;
  extended: boolean;
  lines: boolean;
}

/** Translates an Oniguruma pattern to JavaScript, and lists its capture groups' names. */
function translate(src: string, { dotAll, extended, lines }: Mode): { source: string; names: (string | null)[] } {
  let out = "";
  const names: (string | null)[] = [];
  let i = 0;
  // After a quantifier, `+` makes it possessive: JavaScript has none, the greedy one is close.
  let quantified = false;
  while (i < src.length) {
    const c = src[i];
    const wasQuantified = quantified;
    quantified = false;
    if (c === "\\") {
      const [t, next] = translateEscape(src, i, false);
      out += t;
      i = next;
    } else if (c === "[") {
      const [t, next] = charClass(src, i);
      out += t;
      i = next;
    } else if (c === "(") {
      if (src.startsWith("(?#", i)) {
        i = src.indexOf(")", i) + 1;
        continue;
      }
      const named = /^\(\?P?<([A-Za-z_][A-Za-z0-9_]*)>/.exec(src.slice(i));
      if (named) {
        names.push(named[1]);
        out += `(?<${named[1]}>`;
        i += named[0].length;
      } else {
        if (src[i + 1] !== "?") names.push(null);
        // An atomic group `(?>…)` becomes a plain one.
        out += src.startsWith("(?>", i) ? "(?:" : c;
        i += src.startsWith("(?>", i) ? 3 : 1;
      }
    } else if (c === ".") {
      out += dotAll ? "[\\s\\S]" : "[^\\n]";
      i++;
    } else if (c === "^" || c === "$") {
      if (c === "^") out += lines ? "(?:^|(?<=\\n))" : "^";
      else out += lines ? "(?=\\n|$)" : "(?=\\n?$)";
      i++;
    } else if (c === "{") {
      const q = /^\{(\d*)(,?)(\d*)\}/.exec(src.slice(i));
      const isQuantifier = q !== null && (q[1] !== "" || q[3] !== "");
      out += isQuantifier ? `{${q[1] || "0"}${q[2]}${q[3]}}` : "\\{";
      i += isQuantifier ? q[0].length : 1;
      quantified = isQuantifier;
    } else if (c === "}") {
      out += "\\}";
      i++;
    } else if (extended && /\s/.test(c)) i++;
    else if (extended && c === "#") {
      while (i < src.length && src[i] !== "\n") i++;
    } else if (c === "+" && wasQuantified) i++;
    else {
      out += c;
      i++;
      quantified = c === "*" || c === "+" || c === "?";
    }
  }
  return { source: out, names };
}

function charClass(src: string, start: number): [string, number] {
  let out = "[";
  let i = start + 1;
  if (src[i] === "^") {
    out += "^";
    i++;
  }
  if (src[i] === "]") {
    out += "\\]";
    i++;
  }
  while (i < src.length && src[i] !== "]") {
    const posix = /^\[:(\^?)([a-z]+):\]/.exec(src.slice(i));
    if (posix && Object.hasOwn(POSIX, posix[2]) && !posix[1]) {
      out += POSIX[posix[2]];
      i += posix[0].length;
    } else if (src[i] === "\\") {
      const [t, next] = translateEscape(src, i, true);
      out += t;
      i = next;
    } else {
      out += src[i] === "[" ? "\\[" : src[i];
      i++;
    }
  }
  if (i >= src.length) throw new Error("premature end of char-class");
  return [`${out}]`, i + 1];
}

const cache = new Map<string, JqRegex>();

/** Compiles a jq regex with its modifiers (`g i x n s p l`, and jackson-jq's `m`), cached. */
export function compile(pattern: unknown, flags: unknown): JqRegex {
  if (typeof pattern !== "string") throw typeError(pattern, "cannot be matched, as it is not a string");
  if (flags !== null && typeof flags !== "string") throw typeError(flags, "is not a string");
  const mods = flags ?? "";
  const key = `${mods}/${pattern}`;
  const hit = cache.get(key);
  if (hit) return hit;
  if (/[^gixnsplm]/.test(mods)) throw new JqError(`${mods} is not a valid modifier string`);
  let source: string;
  let names: (string | null)[];
  let re: RegExp;
  // Options for the whole pattern, `(?i)…` (JavaScript has none inline).
  const inline = /^\(\?([imsx]+)\)/.exec(pattern);
  const opts = `${mods}${inline ? inline[1].replace(/s/g, "p").replace(/m/g, "L") : ""}`;
  try {
    const mode = { dotAll: /[pm]/.test(opts), extended: opts.includes("x"), lines: opts.includes("L") };
    ({ source, names } = translate(inline ? pattern.slice(inline[0].length) : pattern, mode));
    re = new RegExp(source, `gdu${opts.includes("i") ? "i" : ""}`);
  } catch (err) {
    throw new JqError(`${pattern} (at offset 0) is not a valid regex: ${(err as Error).message}`);
  }
  const out = { re, names, global: mods.includes("g"), notEmpty: mods.includes("n") };
  if (cache.size > 500) cache.clear();
  cache.set(key, out);
  return out;
}

/** UTF-16 offsets to code point offsets, as jq reports them. */
function counter(s: string): (i: number) => number {
  if (!/[\uD800-\uDFFF]/.test(s)) return (i) => i;
  const at: number[] = [];
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    at.push(n);
    const c = s.charCodeAt(i);
    if (!(c >= 0xdc00 && c <= 0xdfff && i > 0 && s.charCodeAt(i - 1) >= 0xd800 && s.charCodeAt(i - 1) <= 0xdbff)) n++;
  }
  at.push(n);
  return (i) => at[i];
}

export interface Match {
  start: number;
  end: number;
  m: RegExpExecArray;
}

/**
 * The matches, as jq 1.6 finds them: with "g", one search after another (an empty match moves on
 * one character, and none is looked for at the very end); "n" skips empty matches.
 */
export function matches(s: string, r: JqRegex): Match[] {
  const out: Match[] = [];
  let offset = 0;
  do {
    r.re.lastIndex = offset;
    const m = r.re.exec(s);
    if (!m) break;
    const start = m.index;
    const end = start + m[0].length;
    const step = start === end ? start + (s.codePointAt(start)! > 0xffff ? 2 : 1) : end;
    if (!(r.notEmpty && start === end)) {
      out.push({ start, end, m });
      if (!r.global) break;
    }
    offset = step;
  } while (offset < s.length);
  return out;
}

/** jq's match objects: `{offset, length, string, captures}`, offsets in code points. */
export function matchObjects(s: string, r: JqRegex, found = matches(s, r)): Record<string, unknown>[] {
  const cp = counter(s);
  return found.map(({ start, end, m }) => {
    const captures =
      start === end
        ? []
        : r.names.map((name, g) => {
            const at = m.indices?.[g + 1];
            if (!at)
              return obj([
                ["offset", -1],
                ["length", 0],
                ["string", null],
                ["name", name],
              ]);
            return obj([
              ["offset", cp(at[0])],
              ["length", cp(at[1]) - cp(at[0])],
              ["string", s.slice(at[0], at[1])],
              ["name", name],
            ]);
          });
    return obj([
      ["offset", cp(start)],
      ["length", cp(end) - cp(start)],
      ["string", m[0]],
      ["captures", captures],
    ]);
  });
}
