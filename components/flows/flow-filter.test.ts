import { describe, expect, it } from "vitest";
import { allLabels, matchesFilter, namespaceTree } from "./flow-filter";

const flow = (
  namespace: string,
  flowId: string,
  labels: Record<string, string> = {},
  description: string | null = null,
) => ({
  namespace,
  flowId,
  description,
  labels: Object.entries(labels).map(([key, value]) => ({ key, value })),
});

describe("flows list filter", () => {
  const none = { q: "", namespace: "", labels: [] };
  it("matches every word anywhere, in any case", () => {
    const f = flow("company.team", "nightly_etl", { env: "prod" }, "Loads the warehouse");
    expect(matchesFilter(f, none)).toBe(true);
    expect(matchesFilter(f, { ...none, q: "ETL warehouse" })).toBe(true);
    expect(matchesFilter(f, { ...none, q: "env:prod team" })).toBe(true);
    expect(matchesFilter(f, { ...none, q: "etl missing" })).toBe(false);
  });
  it("keeps a namespace and what is under it, not a namespace that only starts alike", () => {
    expect(matchesFilter(flow("company.team", "a"), { ...none, namespace: "company" })).toBe(true);
    expect(matchesFilter(flow("company", "a"), { ...none, namespace: "company" })).toBe(true);
    expect(matchesFilter(flow("companyx", "a"), { ...none, namespace: "company" })).toBe(false);
  });
  it("needs every chosen label", () => {
    const f = flow("n", "a", { env: "prod", team: "data" });
    expect(matchesFilter(f, { ...none, labels: ["env:prod", "team:data"] })).toBe(true);
    expect(matchesFilter(f, { ...none, labels: ["env:prod", "team:web"] })).toBe(false);
    expect(allLabels([f, flow("n", "b", { env: "prod" })])).toEqual(["env:prod", "team:data"]);
  });
  it("builds the namespace tree by dotted parts, counting flows below each", () => {
    expect(namespaceTree(["b", "a.x", "a.x.y", "a.w"])).toEqual([
      {
        name: "a",
        path: "a",
        count: 3,
        children: [
          { name: "w", path: "a.w", count: 1, children: [] },
          { name: "x", path: "a.x", count: 2, children: [{ name: "y", path: "a.x.y", count: 1, children: [] }] },
        ],
      },
      { name: "b", path: "b", count: 1, children: [] },
    ]);
  });
});
