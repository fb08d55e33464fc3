import "server-only";
import { config } from "../config";
import { getDb } from "../db/db";
import { type Auth, createAuth } from "./create-auth";

// One auth instance per server process (STYLE habit 3); it holds the sign-in rate limiter's counters.
const globalForAuth = globalThis as unknown as { __ospreyAuth?: Promise<Auth> };

export function getAuth(): Promise<Auth> {
  globalForAuth.__ospreyAuth ??= getDb().then((db) => createAuth(db, config));
  return globalForAuth.__ospreyAuth;
}
