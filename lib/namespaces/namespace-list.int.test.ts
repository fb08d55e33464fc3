import { describe, expect, it } from "vitest";
import { scopeOf } from "../auth/namespace-roles";
import { saveFlow } from "../flows/save-flow";
import { putKv } from "../kv/kv-store";
import { NamespaceFiles } from "../namespace-files/namespace-files";
import { useTestDeps } from "../testing/test-deps";
import { searchNamespaces } from "./namespace-list";

const ctx = useTestDeps();
const log = (ns: string, id: string) =>
  `id: ${id}\nnamespace: ${ns}\ntasks:\n  - id: say\n    type: io.kestra.plugin.core.log.Log\n    message: hi\n`;

describe("the namespaces list on a real database and storage", () => {
  it("names namespaces from flows, live KV pairs, secrets and files, with counts and parents, as each person may see", async () => {
    const { db, storage, secrets, config } = ctx.deps;
    await saveFlow(db, log("list.flows", "a"), { create: true });
    await saveFlow(db, log("list.flows", "b"), { create: true });
    await saveFlow(db, log("list.flows.child", "c"), { create: true });
    const caps = config;
    await putKv(db, { namespace: "list.kv", key: "k", type: "STRING", value: "v" }, caps);
    // Expired at once: not counted, and its namespace is named by nothing else.
    await putKv(
      db,
      {
        namespace: "list.expired",
        key: "gone",
        type: "STRING",
        value: "v",
        ttlMs: 1,
        now: new Date(Date.now() - 60_000),
      },
      caps,
    );
    await secrets.set("list.secret", "TOKEN", "s3cr3t");
    await new NamespaceFiles(storage, "list.files", 1024 * 1024).write("scripts/run.sh", "echo hi");

    const admin = { role: "admin", grants: [] };
    const all = await searchNamespaces(db, storage, { page: 1, size: 100 }, scopeOf(admin, "flow:read"), () => true);
    const byId = new Map(all.results.map((r) => [r.id, r]));
    expect([...byId.keys()]).toEqual(
      expect.arrayContaining(["list", "list.flows", "list.flows.child", "list.kv", "list.secret", "list.files"]),
    );
    expect(byId.has("list.expired")).toBe(false);
    expect(byId.get("list.flows")).toMatchObject({ flowCount: 2, kvCount: 0, hasFiles: false });
    expect(byId.get("list.kv")).toMatchObject({ flowCount: 0, kvCount: 1 });
    expect(byId.get("list.secret")).toMatchObject({ secretCount: 1 });
    expect(byId.get("list.files")).toMatchObject({ hasFiles: true });
    expect(byId.get("list")).toMatchObject({ flowCount: 0, kvCount: 0, hasFiles: false });

    // Someone with a grant on list.flows only: that namespace and the one below it, no parents, no secret counts.
    const granted = { role: "none", grants: [{ namespace: "list.flows", role: "viewer" }] };
    const theirs = await searchNamespaces(
      db,
      storage,
      { q: "list", page: 1, size: 100 },
      scopeOf(granted, "flow:read"),
      () => false,
    );
    expect(theirs.results.map((r) => r.id)).toEqual(["list.flows", "list.flows.child"]);
    expect(theirs.total).toBe(2);
    expect(theirs.results[0]).not.toHaveProperty("secretCount");
  });
});
