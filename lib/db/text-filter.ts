import { kindOf, type Db } from "./create-client";

/**
 * A `contains` filter that ignores case on both databases: SQLite's LIKE already does (for ASCII),
 * PostgreSQL's needs `mode: "insensitive"`, which SQLite's client type does not know.
 */
export function containsText(db: Db, text: string): { contains: string } {
  return kindOf(db) === "postgresql"
    ? ({ contains: text, mode: "insensitive" } as { contains: string })
    : { contains: text };
}
