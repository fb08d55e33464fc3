import { describe, expect, it } from "vitest";
import { listNamespaces, type NamespaceSources } from "./namespace-list-tree";

const sources: NamespaceSources = {
  flows: new Map([
    ["company.team", 3],
    ["company.data.raw", 1],
  ]),
  kv: new Map([["company.team", 2]]),
  secrets: new Map([["vault.only", 1]]),
  files: new Set(["files.only", "not a namespace"]),
};
const everyone = () => true;

describe("the namespaces list", () => {
  it("names every namespace from flows, KV, secrets and files, with its parents, sorted", () => {
    const { total, results } = listNamespaces(sources, everyone, everyone, { page: 1, size: 50 });
    expect(results.map((r) => r.id)).toEqual([
      "company",
      "company.data",
      "company.data.raw",
      "company.team",
      "files",
      "files.only",
      "vault",
      "vault.only",
    ]);
    expect(total).toBe(8);
    expect(results.find((r) => r.id === "company.team")).toEqual({
      id: "company.team",
      deleted: false,
      flowCount: 3,
      kvCount: 2,
      secretCount: 0,
      hasFiles: false,
    });
    expect(results.find((r) => r.id === "files.only")?.hasFiles).toBe(true);
    expect(results.find((r) => r.id === "company")?.flowCount).toBe(0);
  });

  it("keeps only what the person may see, hides secret counts they may not manage, filters and pages", () => {
    const allows = (ns: string) => ns === "company.team" || ns.startsWith("company.data");
    const page = listNamespaces(sources, allows, (ns) => ns === "company.team", { page: 1, size: 2 });
    expect(page.total).toBe(3);
    expect(page.results.map((r) => r.id)).toEqual(["company.data", "company.data.raw"]);
    expect(page.results[0]).not.toHaveProperty("secretCount");
    const second = listNamespaces(sources, allows, (ns) => ns === "company.team", { page: 2, size: 2 });
    expect(second.results.map((r) => [r.id, r.secretCount])).toEqual([["company.team", 0]]);
    expect(
      listNamespaces(sources, everyone, everyone, { q: "DATA", page: 1, size: 10 }).results.map((r) => r.id),
    ).toEqual(["company.data", "company.data.raw"]);
  });
});
