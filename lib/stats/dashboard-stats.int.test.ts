import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { scopeOf } from "../auth/namespace-roles";
import type { Db } from "../db/create-client";
import { createTestDeps } from "../testing/test-deps";
import { dashboardStats } from "./dashboard-stats";

// A fixed clock, so every execution lands in a known bucket.
const NOW = new Date("2026-11-28T15:30:00Z");
const at = (minutesAgo: number) => new Date(NOW.getTime() - minutesAgo * 60_000);

let db: Db;
const ids: Record<string, string> = {};

/** An execution created `minutesAgo`, which ran `seconds` when given. */
async function execution(
  key: string,
  namespace: string,
  flowId: string,
  state: string,
  minutesAgo: number,
  seconds?: number,
) {
  const id = randomUUID();
  ids[key] = id;
  const createdAt = at(minutesAgo);
  const ended =
    seconds !== undefined ? { startedAt: createdAt, endedAt: new Date(createdAt.getTime() + seconds * 1000) } : {};
  await db.execution.create({
    data: {
      id,
      namespace,
      flowId,
      flowRevision: 1,
      source: "",
      state,
      createdAt,
      error: state === "FAILED" ? "boom" : null,
      ...ended,
    },
  });
}

beforeAll(async () => {
  db = (await createTestDeps()).db;
  // team.a/etl: five runs this hour (1, 2, 3, 4 and 20 s), one failed two hours ago.
  for (const [i, s] of [1, 2, 3, 4, 20].entries()) await execution(`etl${i}`, "team.a", "etl", "SUCCESS", 5 + i, s);
  await execution("etlFailed", "team.a", "etl", "FAILED", 150, 7);
  // team.a.sub/report: one running now, one warning an hour ago.
  await execution("running", "team.a.sub", "report", "RUNNING", 2);
  await execution("warning", "team.a.sub", "report", "WARNING", 70, 10);
  // team.b/secret: a failure and two successes the viewer of team.a must not see.
  await execution("hiddenFailed", "team.b", "secret", "FAILED", 10, 1);
  await execution("hidden1", "team.b", "secret", "SUCCESS", 20, 1);
  await execution("hidden2", "team.b", "secret", "PAUSED", 25);
  // Three days ago: outside the 24 h chart and the failures list, inside the 30 days.
  await execution("old", "team.a", "etl", "FAILED", 3 * 24 * 60, 5);
});
afterAll(async () => {
  await db.$disconnect();
});

const person = (role: string, ...namespaces: string[]) => ({
  role,
  grants: namespaces.map((namespace) => ({ namespace, role: "viewer" })),
});
const everyone = scopeOf(person("viewer"), "execution:read");
const teamA = scopeOf(person("none", "team.a"), "execution:read");

describe("dashboard stats on real SQLite", () => {
  it("counts executions per state per hour over the last 24 hours", async () => {
    const s = await dashboardStats(db, { range: "24h", utcOffsetMinutes: 0, now: NOW }, everyone);
    expect(s.total).toBe(12);
    expect(s.series).toHaveLength(24);
    expect(s.states).toEqual(["RUNNING", "PAUSED", "SUCCESS", "WARNING", "FAILED"]);
    const bucket = (iso: string) => s.series.find((r) => r.start === iso)?.counts;
    // 15:00–16:00: etl ×5 (15:25…15:21), running 15:28, hidden failed 15:20, hidden success 15:10, paused 15:05.
    expect(bucket("2026-11-28T15:00:00.000Z")).toEqual({ RUNNING: 1, PAUSED: 1, SUCCESS: 6, WARNING: 0, FAILED: 1 });
    expect(bucket("2026-11-28T14:00:00.000Z")).toEqual({ RUNNING: 0, PAUSED: 0, SUCCESS: 0, WARNING: 1, FAILED: 0 });
    expect(bucket("2026-11-28T13:00:00.000Z")).toEqual({ RUNNING: 0, PAUSED: 0, SUCCESS: 0, WARNING: 0, FAILED: 1 });
    const sum = s.series.reduce((n, r) => n + Object.values(r.counts).reduce((a, b) => a + b, 0), 0);
    expect(sum).toBe(11); // all but the three-day-old one
  });

  it("gives the busiest flows with their run durations", async () => {
    const s = await dashboardStats(db, { range: "24h", utcOffsetMinutes: 0, now: NOW }, everyone);
    expect(s.busiestFlows.map((f) => [`${f.namespace}/${f.flowId}`, f.executions])).toEqual([
      ["team.a/etl", 6],
      ["team.b/secret", 3],
      ["team.a.sub/report", 2],
    ]);
    // 1, 2, 3, 4, 7, 20 s: median by nearest rank 3 s, p95 20 s, mean 6.17 s.
    expect(s.busiestFlows[0].duration).toEqual({ count: 6, avgMs: 6167, p50Ms: 3000, p95Ms: 20_000 });
    // The running one has no duration yet.
    expect(s.busiestFlows[2].duration).toEqual({ count: 1, avgMs: 10_000, p50Ms: 10_000, p95Ms: 10_000 });
  });

  it("lists the last 24 hours' failures newest first and what is unfinished", async () => {
    const s = await dashboardStats(db, { range: "24h", utcOffsetMinutes: 0, now: NOW }, everyone);
    expect(s.failures.count).toBe(2);
    expect(s.failures.recent.map((e) => e.id)).toEqual([ids.hiddenFailed, ids.etlFailed]);
    expect(s.failures.recent[0].error).toBe("boom");
    expect(s.running.count).toBe(2);
    expect(s.running.recent.map((e) => e.id)).toEqual([ids.running, ids.hidden2]);
  });

  it("counts by local day over 30 days", async () => {
    const s = await dashboardStats(db, { range: "30d", utcOffsetMinutes: 0, now: NOW }, everyone);
    expect(s.series).toHaveLength(30);
    expect(s.series.find((r) => r.start === "2026-11-25T00:00:00.000Z")?.counts.FAILED).toBe(1);
    expect(s.series.at(-1)?.counts).toEqual({ RUNNING: 1, PAUSED: 1, SUCCESS: 6, WARNING: 1, FAILED: 2 });
    expect(s.busiestFlows[0].executions).toBe(7);
  });

  it("shows a viewer only the namespaces they may read", async () => {
    const s = await dashboardStats(db, { range: "24h", utcOffsetMinutes: 0, now: NOW }, teamA);
    expect(s.total).toBe(9);
    expect(s.busiestFlows.map((f) => f.namespace)).toEqual(["team.a", "team.a.sub"]);
    expect(s.failures.recent.map((e) => e.id)).toEqual([ids.etlFailed]);
    expect(s.failures.count).toBe(1);
    expect(s.running.recent.map((e) => e.id)).toEqual([ids.running]);
    expect(s.states).not.toContain("PAUSED");
    expect(s.series.at(-1)?.counts).toEqual({ RUNNING: 1, SUCCESS: 5, WARNING: 0, FAILED: 0 });
  });

  it("is empty for someone who may read no namespace with executions", async () => {
    const s = await dashboardStats(
      db,
      { range: "30d", utcOffsetMinutes: 0, now: NOW },
      scopeOf(person("none", "team.c"), "execution:read"),
    );
    expect(s).toMatchObject({
      total: 0,
      states: [],
      busiestFlows: [],
      failures: { count: 0, recent: [] },
      running: { count: 0, recent: [] },
    });
  });
});
