// Kestra's SqlSplitter.getQueries: how a `Queries` task cuts its SQL into statements (and how a
// `Query` task counts them). Semicolons inside quotes, comments, dollar quotes, backtick or bracket
// identifiers, BEGIN…END blocks and Oracle PL/SQL units do not split. Ported as it is, quirks
// included (a `CREATE FUNCTION` waits for an `END …;` before the next statement starts).

const WORD = /[\p{L}\p{Nd}_]/u;
const SPACE = /\s/;
const DOLLAR_TAG = /^\$[\p{L}\p{Nd}_]*\$$/u;

interface Tokens {
  beginDepth: number;
  sawEnd: boolean;
  inDeclare: boolean;
  plsqlDepth: number;
  sawCreate: boolean;
  sawOr: boolean;
  last: string | null;
}

/** Kestra's flushToken: the word just read moves the block state. */
function flush(token: string, s: Tokens): void {
  if (token === "") return;
  const t = token.toUpperCase();
  s.last = t;
  if (t === "CREATE") {
    s.sawCreate = true;
    s.sawOr = false;
  } else if (s.sawCreate && t === "OR") {
    s.sawOr = true;
  } else if (s.sawCreate && s.sawOr && t === "REPLACE") {
    // CREATE OR REPLACE: the object type comes next.
  } else if (s.sawCreate) {
    if (["PACKAGE", "PROCEDURE", "FUNCTION", "TRIGGER", "TYPE"].includes(t)) s.plsqlDepth++;
    s.sawCreate = false;
    s.sawOr = false;
  }
  if (t === "DECLARE") {
    s.beginDepth++;
    s.inDeclare = true;
    s.sawEnd = false;
  } else if (t === "BEGIN") {
    if (s.inDeclare) s.inDeclare = false;
    else s.beginDepth++;
    s.sawEnd = false;
  } else if (t === "END") {
    s.sawEnd = true;
  } else if (s.sawEnd) {
    // `END label;` still closes; END IF / END LOOP / END CASE do not.
    s.sawEnd = !["IF", "LOOP", "CASE"].includes(t);
  }
}

/** The statements of `sql`, trimmed, without their closing semicolon (a DO $$…$$ block keeps it). */
export function splitSql(sql: string): string[] {
  const statements: string[] = [];
  const s: Tokens = {
    beginDepth: 0,
    sawEnd: false,
    inDeclare: false,
    plsqlDepth: 0,
    sawCreate: false,
    sawOr: false,
    last: null,
  };
  let current = "";
  let token = "";
  let inSingle = false;
  let inDouble = false;
  let inLineComment = false;
  let inBlockComment = false;
  let dollarTag: string | null = null;
  let inBacktick = false;
  let inBracket = false;
  let doDollarBlock = false;
  const flushToken = () => {
    flush(token, s);
    token = "";
  };
  const emit = (text: string) => {
    statements.push(text);
    current = "";
    doDollarBlock = false;
    s.inDeclare = false;
  };

  for (let i = 0; i < sql.length; i++) {
    const c = sql[i];
    const next = sql[i + 1] ?? "\0";
    if (inLineComment) {
      current += c;
      if (c === "\n") inLineComment = false;
      continue;
    }
    if (inBlockComment) {
      current += c;
      if (c === "*" && next === "/") {
        current += "/";
        i++;
        inBlockComment = false;
      }
      continue;
    }
    if (dollarTag !== null) {
      current += c;
      if (c === "$" && sql.startsWith(dollarTag, i)) {
        current += dollarTag.slice(1);
        i += dollarTag.length - 1;
        dollarTag = null;
      }
      continue;
    }
    if (inBacktick || inBracket) {
      current += c;
      const close = inBacktick ? "`" : "]";
      if (c === close) {
        if (next === close) {
          current += next;
          i++;
        } else {
          inBacktick = false;
          inBracket = false;
        }
      }
      continue;
    }
    if (!inSingle && c === '"') {
      flushToken();
      current += c;
      if (inDouble && next === '"') {
        current += next;
        i++;
      } else {
        inDouble = !inDouble;
      }
      continue;
    }
    if (!inSingle && !inDouble && ((c === "-" && next === "-") || (c === "/" && next === "*"))) {
      flushToken();
      if (c === "-") inLineComment = true;
      else inBlockComment = true;
      current += c;
      continue;
    }
    if (c === "'") {
      flushToken();
      current += c;
      if (inSingle && next === "'") {
        current += next;
        i++;
      } else {
        inSingle = !inSingle;
      }
      continue;
    }
    if (!inSingle && !inDouble && (c === "`" || c === "[")) {
      flushToken();
      if (c === "`") inBacktick = true;
      else inBracket = true;
      current += c;
      continue;
    }
    if (!inSingle && !inDouble && c === "$") {
      const closing = sql.indexOf("$", i + 1);
      const candidate = closing === -1 ? "" : sql.slice(i, closing + 1);
      if (candidate.length >= 2 && DOLLAR_TAG.test(candidate)) {
        flushToken();
        if (s.last === "DO") doDollarBlock = true;
        dollarTag = candidate;
        current += candidate;
        i = closing;
        continue;
      }
    }

    current += c;
    if (!inSingle && !inDouble) {
      if (WORD.test(c)) {
        token += c;
      } else {
        flushToken();
        if (c === ";") {
          // A PL/SQL unit or a BEGIN…END block ends at `END …;`.
          if (s.plsqlDepth > 0 && s.sawEnd) {
            s.plsqlDepth--;
            s.sawEnd = false;
            if (s.plsqlDepth === 0 && s.beginDepth === 0) {
              emit(current.trim());
              continue;
            }
          }
          if (s.beginDepth > 0 && s.sawEnd) {
            s.beginDepth--;
            s.sawEnd = false;
            if (s.beginDepth === 0) {
              emit(current.trim());
              continue;
            }
          } else {
            s.sawEnd = false;
          }
        } else if (!SPACE.test(c)) {
          s.sawEnd = false;
        }
      }
    }
    if (s.beginDepth === 0 && s.plsqlDepth === 0 && c === ";" && !inSingle && !inDouble) {
      const text = current.trim();
      if (text !== "") statements.push(doDollarBlock ? text : text.slice(0, -1));
      current = "";
      doDollarBlock = false;
    }
  }
  const leftover = current.trim();
  if (leftover !== "") statements.push(leftover);
  return statements;
}
