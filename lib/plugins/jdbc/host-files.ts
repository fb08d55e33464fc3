// SQLite and DuckDB run inside the server: unless an admin allows host files
// (OSPREY_ALLOW_SQL_HOST_FILES), a task opens only the files of its own directory.

export const HOST_FILES_SETTING = "OSPREY_ALLOW_SQL_HOST_FILES";

export function hostFileRefused(what: string): Error {
  return new Error(
    `${what} reaches files of the server's host, which this server refuses (an admin can allow it with ${HOST_FILES_SETTING}=true)`,
  );
}

/** SQLite statements that open or write other files: ATTACH, VACUUM INTO. */
export function checkSqliteStatement(sql: string): void {
  const bare = sql.replace(/'(?:[^']|'')*'/g, "''").replace(/--[^\n]*|\/\*[\s\S]*?\*\//g, " ");
  if (/^\s*ATTACH\b/i.test(bare)) throw hostFileRefused("ATTACH");
  if (/\bVACUUM\b[\s\S]*\bINTO\b/i.test(bare)) throw hostFileRefused("VACUUM INTO");
}

/**
 * The task's own files named relatively in DuckDB SQL ('data.csv', './data.csv') as their absolute
 * path in the task's directory: locked to that directory, DuckDB refuses relative names.
 */
export function absoluteTaskFiles(sql: string, dir: string, names: readonly string[]): string {
  let out = sql;
  for (const name of names) {
    const quoted = name.replaceAll("'", "''");
    for (const written of [quoted, `./${quoted}`])
      out = out.split(`'${written}'`).join(`'${dir.replaceAll("'", "''")}/${quoted}'`);
  }
  return out;
}
