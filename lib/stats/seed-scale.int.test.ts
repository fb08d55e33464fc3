import { execFileSync } from "node:child_process";
import { State } from "../states/states";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, inject, it } from "vitest";
import { scopeOf } from "../auth/namespace-roles";
import { createDb } from "../db/create-client";
import { parseFlow } from "../flow/parse-flow";
import { executionSource } from "../flows/execution-source";
import { testPostgresServer, freshDatabase } from "../testing/test-database";
import { dashboardStats } from "./dashboard-stats";

// scripts/seed-scale.ts at a small size, so the data-scale benchmark's seed cannot rot.
describe("the data-scale seed", () => {
  it("fills a fresh database with flows that parse, executions, task runs, log chunks and their counts", async () => {
    const url = testPostgresServer()
      ? await freshDatabase(inject("templateDb"))
      : `file:${join(mkdtempSync(join(tmpdir(), "osprey-seed-")), "osprey.db")}`;
    const out = execFileSync(
      "npx",
      ["tsx", "scripts/seed-scale.ts", "--flows", "20", "--namespaces", "5", "--executions", "2000", "--batch", "300"],
      { env: { ...process.env, DATABASE_URL: url }, encoding: "utf8" },
    );
    expect(out).toMatch(/seeded (sqlite|postgresql): 20 flows .* in 5 namespaces, 2,000 executions over 90 days/);
    const db = await createDb(url);
    try {
      expect(await db.flow.count()).toBe(20);
      expect(await db.execution.count()).toBe(2000);
      for (const f of await db.flow.findMany()) expect(parseFlow(f.source).ok).toBe(true);
      // Executions refer to their revision; each reads a source that parses.
      const sample = await db.execution.findMany({ take: 50 });
      for (const e of sample) {
        expect(e.source).toBeNull();
        expect(parseFlow(await executionSource(db, e)).ok).toBe(true);
      }
      const runs = await db.taskRun.count();
      expect(runs).toBeGreaterThanOrEqual(1900);
      expect(await db.logChunk.count()).toBe(runs);
      const states = await db.execution.groupBy({ by: ["state"], _count: { _all: true } });
      const share = (s: string) => (states.find((r) => r.state === s)?._count._all ?? 0) / 2000;
      expect(share(State.SUCCESS)).toBeGreaterThan(0.75);
      expect(share(State.FAILED)).toBeGreaterThan(0.03);
      // The dashboard's total comes from ExecutionCount, filled by the triggers as the seed inserted.
      const stats = await dashboardStats(
        db,
        { range: "30d", utcOffsetMinutes: 0 },
        scopeOf({ role: "viewer", grants: [] }, "execution:read"),
      );
      expect(stats.total).toBe(2000);
      // Refuses a database that holds data already.
      expect(() =>
        execFileSync("npx", ["tsx", "scripts/seed-scale.ts", "--flows", "1", "--executions", "1"], {
          env: { ...process.env, DATABASE_URL: url },
          stdio: "pipe",
        }),
      ).toThrow(/fresh database only/);
    } finally {
      await db.$disconnect();
    }
  }, 180_000);
});
