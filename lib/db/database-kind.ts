/** Which database a DATABASE_URL names: SQLite (`file:`, the embedded default) or PostgreSQL. */
export type DatabaseKind = "sqlite" | "postgresql";

export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//.test(url);
}

export function databaseKind(url: string): DatabaseKind {
  return isPostgresUrl(url) ? "postgresql" : "sqlite";
}
