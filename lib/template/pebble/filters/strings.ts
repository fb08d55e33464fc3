import type { PebbleFilter } from "../context";
import { FilterError } from "../errors";
import { isList, isMap, javaString, newMap } from "../values";
import { intArg, requireArg, stringArg, stringInput } from "./args";

const nullSafe = (
  fn: (input: unknown, args: Record<string, unknown>) => unknown,
  argumentNames?: string[],
): PebbleFilter => ({
  argumentNames,
  apply: (input, args) => (input === null ? null : fn(input, args)),
});

const JAVA_WS = /\s/;

/** Applies `fn` to a string, or to every string in a map or list (Kestra's replace/escapeChar). */
function deep(input: unknown, fn: (s: string) => string): unknown {
  if (isList(input)) return input.map((v) => deep(v, fn));
  if (isMap(input)) {
    const out = newMap();
    for (const k of Object.keys(input)) out[k] = deep(input[k], fn);
    return out;
  }
  return fn(javaString(input));
}

function lineSeparator(s: string): string {
  if (s.includes("\r\n")) return "\r\n";
  if (s.includes("\n\r")) return "\n\r";
  if (s.includes("\n")) return "\n";
  if (s.includes("\r")) return "\r";
  return "\n";
}

function indent(kind: "indent" | "nindent"): PebbleFilter {
  return {
    argumentNames: ["amount", "prefix"],
    apply(input, args, ctx) {
      if (input === null) return null;
      const text = javaString(input);
      if (text === "") return "";
      const amount = intArg(args, "amount", kind);
      if (amount < 0)
        throw new FilterError(`The '${kind}' filter expects a positive integer >=0 as argument 'amount'.`);
      const prefix = "prefix" in args ? String(args.prefix) : " ";
      const nl = lineSeparator(text);
      const source = kind === "nindent" ? nl + text : text;
      const lines = source.split(nl).length;
      // Bound the result before building it: `indent(1e9)` must not allocate.
      ctx.checkSize(source.length + (lines - 1) * amount * prefix.length);
      return source.split(nl).join(nl + prefix.repeat(amount));
    },
  };
}

function substring(fn: (s: string, sep: string) => string, name: string): PebbleFilter {
  return nullSafe((input, args) => fn(javaString(input), stringArg(args, "separator", name)), ["separator"]);
}

function capitalizeFirst(s: string): string {
  const i = [...s].findIndex((c) => !JAVA_WS.test(c));
  if (i < 0) return s;
  const chars = [...s];
  chars[i] = chars[i].toUpperCase();
  return chars.join("");
}

/** Kestra's Slugify.of. */
export function slugify(input: string): string {
  let slug = input
    .replace(/\s/g, "-")
    .normalize("NFD")
    .replace(/[^\w-]/g, "")
    .replace(/_/g, "-");
  while (slug.includes("--")) slug = slug.replace(/--/g, "-");
  return slug.replace(/^-/, "").replace(/-$/, "").toLowerCase();
}

export const STRING_FILTERS: Record<string, PebbleFilter> = {
  upper: nullSafe((i) => stringInput(i, "upper").toUpperCase()),
  lower: nullSafe((i) => stringInput(i, "lower").toLowerCase()),
  trim: nullSafe((i) => stringInput(i, "trim").replace(/^[\u0000-\u0020]+|[\u0000-\u0020]+$/g, "")),
  capitalize: nullSafe((i) => capitalizeFirst(stringInput(i, "capitalize"))),
  title: nullSafe((i) =>
    stringInput(i, "title").replace(/(^|\s)(\S)/g, (_m, ws: string, c: string) => ws + c.toUpperCase()),
  ),
  abbreviate: nullSafe(
    (i, args) => {
      const value = stringInput(i, "abbreviate");
      const max = intArg(args, "length", "abbreviate");
      if (max < 0) throw new FilterError("Invalid argument to abbreviate filter; must be greater than zero");
      if (value.length < max || value.length <= 3) return value;
      if (max <= 3) return value.slice(0, max);
      return `${value.slice(0, max - 3)}...`;
    },
    ["length"],
  ),
  replace: {
    argumentNames: ["replace_pairs", "regexp"],
    apply(input, args) {
      if (input === null) return null;
      const pairs = args.replace_pairs;
      if (!isMap(pairs)) throw new FilterError("The argument 'replace_pairs' is required.");
      const regexp = args.regexp === true;
      return deep(input, (s) => {
        let out = s;
        for (const [from, to] of Object.entries(pairs)) {
          if (regexp) out = out.replace(new RegExp(from, "g"), javaString(to));
          else out = out.split(from).join(javaString(to));
        }
        return out;
      });
    },
  },
  escapeChar: {
    argumentNames: ["type"],
    apply(input, args) {
      if (input === null) return null;
      const type = String(requireArg(args, "type", "escapeChar")).toLowerCase();
      const table: Record<string, [string, string]> = {
        single: ["'", "\\'"],
        double: ['"', '\\"'],
        shell: ["'", "'\\''"],
      };
      const rule = table[type];
      if (!rule)
        throw new FilterError(
          "The 'escapeChar' filter expects the value of 'type' to be either 'single', 'double', or 'shell'.",
        );
      return deep(input, (s) => s.split(rule[0]).join(rule[1]));
    },
  },
  startsWith: {
    argumentNames: ["value"],
    apply: (i, a) => javaString(i).startsWith(javaString(requireArg(a, "value", "startsWith"))),
  },
  endsWith: {
    argumentNames: ["value"],
    apply: (i, a) => javaString(i).endsWith(javaString(requireArg(a, "value", "endsWith"))),
  },
  substringBefore: substring(
    (s, sep) => (sep === "" ? "" : s.includes(sep) ? s.slice(0, s.indexOf(sep)) : s),
    "substringBefore",
  ),
  substringAfter: substring(
    (s, sep) => (sep === "" ? s : s.includes(sep) ? s.slice(s.indexOf(sep) + sep.length) : ""),
    "substringAfter",
  ),
  substringBeforeLast: substring(
    (s, sep) => (sep === "" || !s.includes(sep) ? s : s.slice(0, s.lastIndexOf(sep))),
    "substringBeforeLast",
  ),
  substringAfterLast: substring(
    (s, sep) => (sep === "" || !s.includes(sep) || s.endsWith(sep) ? "" : s.slice(s.lastIndexOf(sep) + sep.length)),
    "substringAfterLast",
  ),
  slugify: nullSafe((i) => slugify(javaString(i))),
  indent: indent("indent"),
  nindent: indent("nindent"),
  split: nullSafe(
    (i, args) => {
      const s = stringInput(i, "split");
      const delimiter = stringArg(args, "delimiter", "split");
      const limit = args.limit === undefined || args.limit === null ? 0 : Number(args.limit);
      return javaSplit(s, delimiter, limit);
    },
    ["delimiter", "limit"],
  ),
};

/**
 * Java's `String.split(regex, limit)`: the delimiter is a regex; a leading empty piece appears only
 * for a match of positive width at 0; with limit 0 trailing empty pieces go (all of them, if need be).
 */
export function javaSplit(s: string, delimiter: string, limit: number): string[] {
  if (s === "") return [""];
  const parts: string[] = [];
  let last = 0;
  let matched = false;
  for (const m of s.matchAll(new RegExp(delimiter, "g"))) {
    if (limit > 0 && parts.length === limit - 1) break;
    if (m[0] === "" && (m.index === 0 || m.index === s.length)) continue;
    matched = true;
    parts.push(s.slice(last, m.index));
    last = m.index + m[0].length;
  }
  if (!matched) return [s];
  parts.push(s.slice(last));
  if (limit === 0) while (parts.length > 0 && parts[parts.length - 1] === "") parts.pop();
  return parts;
}
