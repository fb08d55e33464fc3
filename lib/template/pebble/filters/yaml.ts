import { WholeDouble, formatNumber, isList, isMap } from "../values";

/*
 * YAML as Kestra's `yaml` filter writes it: Jackson's YAMLGenerator with MINIMIZE_QUOTES and
 * INDENT_ARRAYS (SnakeYAML indicator indent 1, indent 2), no document marker.
 */

// Jackson's StringQuotingChecker.RESERVED_KEYWORDS (YAML 1.1 booleans and nulls).
const RESERVED = new Set(
  "false False FALSE n N no No NO null Null NULL on On ON off Off OFF true True TRUE y Y yes Yes YES".split(" "),
);

function jacksonQuotes(value: string): boolean {
  if (value === "" || value.startsWith("~") || RESERVED.has(value)) return true;
  return /[[\]{},]/.test(value) || /[ \t]#/.test(value) || /:[ \t]/.test(value);
}

// Where SnakeYAML refuses a plain scalar and falls back to single quotes.
function plainRefused(value: string): boolean {
  return (
    /^\s|\s$/.test(value) ||
    /^[#&*!|>'"%@`]/.test(value) ||
    /^[-?:](\s|$)/.test(value) ||
    /[\u0000-\u0008\u000b-\u001f\u007f]/.test(value)
  );
}

function doubleQuoted(value: string): string {
  return JSON.stringify(value);
}

function scalarText(value: unknown, indent: string): string {
  if (value === null || value === undefined) return "null";
  if (typeof value === "number") return formatNumber(value);
  if (value instanceof WholeDouble) return formatNumber(value.value, true);
  if (typeof value === "boolean") return String(value);
  const s = String(value);
  if (jacksonQuotes(s)) return doubleQuoted(s);
  if (s.includes("\n")) {
    const chomp = s.endsWith("\n") ? (s.endsWith("\n\n") ? "+" : "") : "-";
    const body = (chomp === "" ? s.slice(0, -1) : chomp === "+" ? s.replace(/\n$/, "") : s).split("\n");
    return `|${chomp}\n${body.map((l) => (l ? `${indent}  ${l}` : "")).join("\n")}`;
  }
  if (plainRefused(s)) return `'${s.replace(/'/g, "''")}'`;
  return s;
}

function keyText(key: string): string {
  if (key === "" || RESERVED.has(key) || /^[0-9+\-.~]/.test(key) || /[\u0000-\u001f]/.test(key))
    return doubleQuoted(key);
  return plainRefused(key) || /:[ \t]|[ \t]#|[[\]{},]/.test(key) ? `'${key.replace(/'/g, "''")}'` : key;
}

const isEmptyCollection = (v: unknown) => (isList(v) && v.length === 0) || (isMap(v) && Object.keys(v).length === 0);

/** Lines of a block node whose first line continues the current one (after "key:" or "- "). */
function block(value: unknown, indent: string): string[] {
  if (isMap(value) && Object.keys(value).length) {
    return Object.keys(value).flatMap((k) => entry(`${keyText(k)}:`, value[k], indent));
  }
  if (isList(value) && value.length) {
    return value.flatMap((item) => {
      const inner = `${indent}   `;
      if ((isMap(item) || isList(item)) && !isEmptyCollection(item)) {
        const lines = block(item, inner);
        return [`${indent} - ${lines[0].slice(inner.length)}`, ...lines.slice(1)];
      }
      return [`${indent} - ${scalarOrEmpty(item, inner)}`];
    });
  }
  return [`${indent}${scalarOrEmpty(value, indent)}`];
}

function scalarOrEmpty(value: unknown, indent: string): string {
  if (isList(value)) return "[]";
  if (isMap(value)) return "{}";
  return scalarText(value, indent);
}

function entry(head: string, value: unknown, indent: string): string[] {
  if (isMap(value) && !isEmptyCollection(value)) return [`${indent}${head}`, ...block(value, `${indent}  `)];
  if (isList(value) && !isEmptyCollection(value)) return [`${indent}${head}`, ...block(value, indent)];
  return [`${indent}${head} ${scalarOrEmpty(value, indent)}`];
}

export function toYaml(value: unknown): string {
  return `${block(value, "").join("\n")}\n`;
}
