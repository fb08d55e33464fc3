import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, kindOf, type Db } from "../db/create-client";
import type { ExecutorDeps } from "../deps/executor-deps";
import { createTestDeps } from "../testing/test-deps";
import { DbRateLimiter } from "./db-rate-limiter";

// Two clients on one database stand for two servers on PostgreSQL. On SQLite, two clients in one
// process would deadlock (better-sqlite3 waits for a lock synchronously, so the holder never goes on):
// there the limiters share the one client, as requests in one server do.
let deps: ExecutorDeps;
let other: Db;
beforeAll(async () => {
  deps = await createTestDeps();
  other = kindOf(deps.db) === "postgresql" ? await createDb(deps.config.DATABASE_URL) : deps.db;
});
afterAll(async () => {
  if (other !== deps.db) await other.$disconnect();
  await deps.db.$disconnect();
});

describe("a rate limit kept in the database", () => {
  it("shares one window between two servers and reopens it when it has run out", async () => {
    let now = 1_000_000;
    const a = new DbRateLimiter(deps.db, "test", 5, 60_000, () => now);
    const b = new DbRateLimiter(other, "test", 5, 60_000, () => now);
    const results = await Promise.all(Array.from({ length: 12 }, (_, i) => (i % 2 ? a : b).take("alice")));
    expect(results.filter(Boolean)).toHaveLength(5);
    expect(await a.take("bob")).toBe(true);
    now += 60_001;
    expect(await b.take("alice")).toBe(true);
    expect(await a.take("alice")).toBe(true);
  });
});
