import { describe, expect, it } from "vitest";
import { getFlow } from "../flows/get-flow";
import { useTestDeps } from "../testing/test-deps";
import { getExample } from "./example-catalog";
import { createFlowFromExample } from "./create-flow-from-example";
import { writableNamespaces } from "./writable-namespaces";

// "Use" on a real database: the flow is saved as the editor saves one, only where the person may
// write flows, never over an existing flow; the namespaces offered are those they may write.
const t = useTestDeps();
const editorOfTeamA = { role: "", grants: [{ namespace: "team.a", role: "editor" }] };
const viewerOfTeamB = { role: "", grants: [{ namespace: "team.b", role: "viewer" }] };

describe("createFlowFromExample", () => {
  it("saves the example's YAML under the chosen namespace and id as revision 1, comments and all", async () => {
    const saved = await createFlowFromExample(
      t.deps.db,
      editorOfTeamA,
      "sqlite-query",
      { namespace: "team.a.data", id: "shop" },
      "ed@example.com",
    );
    expect(saved).toEqual({ namespace: "team.a.data", id: "shop", revision: 1, savedBy: "ed@example.com" });
    const flow = await getFlow(t.deps.db, "team.a.data", "shop");
    expect(flow.source).toBe(
      getExample("sqlite-query")
        .source.replace("id: sqlite-query", "id: shop")
        .replace("namespace: company.team", "namespace: team.a.data"),
    );
  });

  it("refuses a namespace the person may not write, an existing flow, and an unknown example", async () => {
    const use = (person: typeof editorOfTeamA, example: string, namespace: string, id: string) =>
      createFlowFromExample(t.deps.db, person, example, { namespace, id }, "x@example.com");
    await expect(use(editorOfTeamA, "hello-world", "team.b", "hello")).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(use(viewerOfTeamB, "hello-world", "team.b", "hello")).rejects.toMatchObject({ code: "FORBIDDEN" });
    await use(editorOfTeamA, "hello-world", "team.a", "hello");
    await expect(use(editorOfTeamA, "dag", "team.a", "hello")).rejects.toMatchObject({
      code: "CONFLICT",
      message: expect.stringContaining("flow team.a.hello already exists"),
    });
    await expect(use(editorOfTeamA, "no-such-example", "team.a", "other")).rejects.toMatchObject({
      code: "NOT_FOUND",
      message: "no example no-such-example",
    });
    await expect(getFlow(t.deps.db, "team.b", "hello")).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("offers the namespaces the person may write: existing ones under their grant, and the grant itself", async () => {
    expect(await writableNamespaces(t.deps.db, t.deps.storage, editorOfTeamA)).toEqual({
      anywhere: false,
      namespaces: ["team.a", "team.a.data"],
    });
    expect(await writableNamespaces(t.deps.db, t.deps.storage, viewerOfTeamB)).toEqual({
      anywhere: false,
      namespaces: [],
    });
    const admin = await writableNamespaces(t.deps.db, t.deps.storage, { role: "admin", grants: [] });
    expect(admin.anywhere).toBe(true);
    expect(admin.namespaces).toEqual(expect.arrayContaining(["team", "team.a", "team.a.data"]));
  });
});
