import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { scopeOf } from "../auth/namespace-roles";
import { listFlowRows } from "../flows/list-flow-rows";
import { saveFlow } from "../flows/save-flow";
import { State } from "../states/states";
import { useTestDeps } from "../testing/test-deps";
import { ZExecutionSearch, searchExecutions } from "./search-executions";
import { TOTAL_CAP } from "./execution-totals";

const ctx = useTestDeps();
const everyone = scopeOf({ role: "viewer", grants: [] }, "execution:read");
const T0 = Date.parse("2026-11-01T00:00:00Z");

describe("the executions list, a page at a time", () => {
  it("gives page 2, sorted either way, with exact totals per namespace, flow and state", async () => {
    const { db } = ctx.deps;
    // Five executions of pages.a/etl a minute apart (the newest FAILED), one of pages.b.
    for (let i = 0; i < 5; i++)
      await db.execution.create({
        data: {
          id: `page-${i}`,
          namespace: "pages.a",
          flowId: "etl",
          flowRevision: 1,
          source: "",
          state: i === 4 ? State.FAILED : State.SUCCESS,
          createdAt: new Date(T0 + i * 60_000),
          endedAt: new Date(T0 + (10 - i) * 60_000),
        },
      });
    await db.execution.create({
      data: {
        id: randomUUID(),
        namespace: "pages.b",
        flowId: "etl",
        flowRevision: 1,
        source: "",
        state: State.SUCCESS,
      },
    });
    const search = (query: Record<string, string>) =>
      searchExecutions(db, ZExecutionSearch.parse({ size: "2", ...query }), everyone);

    const page2 = await search({ namespace: "pages.a", page: "2" });
    expect(page2.results.map((r) => r.id)).toEqual(["page-2", "page-1"]);
    expect(page2).toMatchObject({ total: 5, totalCapped: false });
    expect((await search({ namespace: "pages.a", page: "3" })).results.map((r) => r.id)).toEqual(["page-0"]);
    expect((await search({ namespace: "pages.a", sort: "createdAt:asc" })).results.map((r) => r.id)).toEqual([
      "page-0",
      "page-1",
    ]);
    // Kestra's name for the end date sorts by it: page-4 ended first.
    expect((await search({ namespace: "pages.a", sort: "state.endDate:asc" })).results.map((r) => r.id)).toEqual([
      "page-4",
      "page-3",
    ]);
    expect((await search({ namespace: "pages", flowId: "etl" })).total).toBe(6);
    expect((await search({ namespace: "pages.a", state: State.FAILED })).total).toBe(1);
    expect((await search({ flowId: "etl", state: State.SUCCESS })).total).toBe(5);
    // A date range is counted on the rows (up to the cap).
    const ranged = await search({
      namespace: "pages.a",
      startDate: new Date(T0 + 60_000).toISOString(),
      endDate: new Date(T0 + 3 * 60_000).toISOString(),
    });
    expect(ranged).toMatchObject({ total: 3, totalCapped: false });
    expect(TOTAL_CAP).toBe(10_000);
  });

  it("refuses a sort it does not know, naming the ones it does", () => {
    const parsed = ZExecutionSearch.safeParse({ sort: "duration:desc" });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.message).toMatch(
      /sort is one of createdAt, endedAt, state.startDate, state.endDate/,
    );
  });
});

describe("the flows list, a page at a time", () => {
  it("gives page 2 and filters by words, namespace subtree and labels on every flow", async () => {
    const { db } = ctx.deps;
    for (let i = 0; i < 5; i++)
      await saveFlow(
        db,
        `id: f${i}\nnamespace: list.${i < 3 ? "red" : "blue"}\ndescription: number ${i}\nlabels:\n  colour: ${i % 2 ? "odd" : "even"}\ntasks:\n  - id: t\n    type: io.kestra.plugin.core.log.Log\n    message: hi\n`,
        { create: true },
      );
    const scope = scopeOf({ role: "viewer", grants: [] }, "flow:read");
    const page = (filter: Record<string, unknown>) =>
      listFlowRows(db, scope, { page: 1, size: 2, under: "list", ...filter });
    const all = await page({});
    const second = await page({ page: 2 });
    expect(all.total).toBe(5);
    expect(second.rows).toHaveLength(2);
    expect(second.rows.map((r) => r.flowId)).not.toContain(all.rows[0].flowId);
    expect((await page({ under: "list.red", size: 10 })).rows.map((r) => r.flowId).sort()).toEqual(["f0", "f1", "f2"]);
    expect((await page({ words: "NUMBER 3", size: 10 })).rows.map((r) => r.flowId)).toEqual(["f3"]);
    expect((await page({ labels: ["colour:odd"], size: 10 })).rows.map((r) => r.flowId).sort()).toEqual(["f1", "f3"]);
  });
});
