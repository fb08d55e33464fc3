import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { scopeOf } from "../auth/namespace-roles";
import type { Db } from "../db/create-client";
import { searchExecutions } from "../executions/search-executions";
import { createTestDeps } from "../testing/test-deps";
import { searchFlows } from "./search-flows";

// Namespaces a prefix filter on SQLite would confuse: LIKE ignores ASCII case and reads `_` as any character.
const NAMESPACES = ["team.a", "team.a.sub", "TEAM.A.loud", "team.ab", "team_a", "teamXa", "team.b"];

let db: Db;
beforeAll(async () => {
  db = (await createTestDeps()).db;
  for (const namespace of NAMESPACES) {
    await db.flow.create({ data: { namespace, flowId: "f", revision: 1, source: "" } });
    await db.execution.create({
      data: { id: randomUUID(), namespace, flowId: "f", flowRevision: 1, source: "", state: "SUCCESS" },
    });
  }
});
afterAll(async () => {
  await db.$disconnect();
});

const paging = { page: 1, size: 100 };
const person = (role: string, ...namespaces: string[]) => ({
  role,
  grants: namespaces.map((namespace) => ({ namespace, role: "editor" })),
});

describe("lists scoped to a person's namespaces, on the real database", () => {
  it("shows a grant exactly its namespaces, whatever case and underscores the others have", async () => {
    for (const [grants, visible] of [
      [["team.a"], ["team.a", "team.a.sub"]],
      [["team_a"], ["team_a"]],
      [
        ["team.a", "team.b"],
        ["team.a", "team.a.sub", "team.b"],
      ],
    ] as const) {
      const p = person("none", ...grants);
      const flows = await searchFlows(db, paging, scopeOf(p, "flow:read"));
      expect(flows.results.map((f) => f.namespace).sort(), grants.join()).toEqual([...visible].sort());
      expect(flows.total).toBe(visible.length);
      const runs = await searchExecutions(db, paging, scopeOf(p, "execution:read"));
      expect(runs.results.map((e) => e.namespace).sort(), grants.join()).toEqual([...visible].sort());
      expect(runs.total).toBe(visible.length);
    }
  });

  it("narrows with the namespace filter but never widens, and shows a global role everything", async () => {
    const p = person("none", "team.a");
    const narrowed = await searchFlows(db, { ...paging, namespace: "team" }, scopeOf(p, "flow:read"));
    expect(narrowed.results.map((f) => f.namespace).sort()).toEqual(["team.a", "team.a.sub"]);
    expect((await searchExecutions(db, { ...paging, namespace: "team.b" }, scopeOf(p, "execution:read"))).total).toBe(
      0,
    );
    expect((await searchFlows(db, paging, scopeOf(person("none"), "flow:read"))).total).toBe(0);
    expect((await searchFlows(db, paging, scopeOf(person("viewer"), "flow:read"))).total).toBe(NAMESPACES.length);
    expect((await searchExecutions(db, paging, scopeOf(person("viewer"), "execution:read"))).total).toBe(
      NAMESPACES.length,
    );
  });

  it("finds flows by free text whatever its case, on SQLite and PostgreSQL alike", async () => {
    const viewer = scopeOf(person("viewer"), "flow:read");
    const lower = await searchFlows(db, { ...paging, q: "loud" }, viewer);
    const upper = await searchFlows(db, { ...paging, q: "LOUD" }, viewer);
    expect(lower.results.map((f) => f.namespace)).toEqual(["TEAM.A.loud"]);
    expect(upper.results.map((f) => f.namespace)).toEqual(["TEAM.A.loud"]);
  });
});
