// Kestra binds `parameters` to `:name` placeholders: each `:name` in the SQL becomes a positional
// placeholder, bound in order of appearance (a name used twice is bound twice; a name missing from
// the map binds NULL). Unlike Kestra's plain `:\w+` regex, text in quotes and comments and
// PostgreSQL's `::type` casts are left alone, so they no longer break a statement.

export interface Bound {
  sql: string;
  values: unknown[];
}

/** `placeholder(n, value)` writes the n-th (1-based) placeholder: `$1` for PostgreSQL, `?` elsewhere. */
export function bindNamed(
  sql: string,
  parameters: Record<string, unknown>,
  placeholder: (n: number, value: unknown) => string,
  /** MySQL reads `\'` inside quotes as an escaped quote; PostgreSQL, SQLite and DuckDB do not. */
  backslashEscapes = false,
): Bound {
  let out = "";
  const values: unknown[] = [];
  let i = 0;
  while (i < sql.length) {
    const c = sql[i];
    const skip = skippedEnd(sql, i, backslashEscapes);
    if (skip > i) {
      out += sql.slice(i, skip);
      i = skip;
      continue;
    }
    if (c === ":" && sql[i + 1] === ":") {
      out += "::";
      i += 2;
      continue;
    }
    const name = c === ":" ? /^\w+/.exec(sql.slice(i + 1, i + 130))?.[0] : undefined;
    if (name) {
      const value = Object.hasOwn(parameters, name) ? parameters[name] : null;
      values.push(value);
      out += placeholder(values.length, value);
      i += 1 + name.length;
      continue;
    }
    out += c;
    i++;
  }
  return { sql: out, values };
}

/** Where a quoted text, a quoted identifier, a comment or a dollar-quoted body starting at `i` ends. */
function skippedEnd(sql: string, i: number, backslashEscapes: boolean): number {
  const c = sql[i];
  if (c === "'" || c === '"' || c === "`") {
    let j = i + 1;
    while (j < sql.length) {
      if (backslashEscapes && sql[j] === "\\") j += 2;
      else if (sql[j] === c && sql[j + 1] === c) j += 2;
      else if (sql[j] === c) return j + 1;
      else j++;
    }
    return sql.length;
  }
  if (c === "-" && sql[i + 1] === "-") {
    const end = sql.indexOf("\n", i);
    return end === -1 ? sql.length : end + 1;
  }
  if (c === "/" && sql[i + 1] === "*") {
    const end = sql.indexOf("*/", i + 2);
    return end === -1 ? sql.length : end + 2;
  }
  if (c === "$") {
    const tag = /^\$[A-Za-z_]*\$/.exec(sql.slice(i, i + 64))?.[0];
    if (tag) {
      const end = sql.indexOf(tag, i + tag.length);
      return end === -1 ? sql.length : end + tag.length;
    }
  }
  return i;
}
