import "server-only";
import { config } from "../config";
import { createDb, type Db } from "./create-client";

// One client per process, kept on globalThis so Next's hot reload does not open another (STYLE habit 3).
const globalForDb = globalThis as unknown as { __ospreyDb?: Promise<Db> };

export function getDb(): Promise<Db> {
  globalForDb.__ospreyDb ??= createDb(config.DATABASE_URL);
  return globalForDb.__ospreyDb;
}
