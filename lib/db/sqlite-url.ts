import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";

/**
 * DATABASE_URL as an absolute SQLite URL, its folder made if missing (SQLite makes the file, not
 * the folder): the server and the Prisma CLI (prisma.config.ts) both open the database through it.
 */
export function sqliteUrl(url: string): string {
  if (!url.startsWith("file:")) {
    throw new Error(`DATABASE_URL must be a SQLite "file:" URL for this build (got "${url.split(":")[0]}:")`);
  }
  const file = resolve(url.slice("file:".length));
  mkdirSync(dirname(file), { recursive: true });
  return `file:${file}`;
}
