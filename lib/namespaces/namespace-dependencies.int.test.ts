import { describe, expect, it } from "vitest";
import { deleteFlow } from "../flows/delete-flow";
import { saveFlow } from "../flows/save-flow";
import { useTestDeps } from "../testing/test-deps";
import { namespaceDependencies } from "./namespace-dependencies";

const ctx = useTestDeps();

const caller = (target: string) =>
  `id: caller\nnamespace: deps.sales\ntasks:\n  - id: run\n    type: io.kestra.plugin.core.flow.Subflow\n    namespace: deps.shared\n    flowId: ${target}\n`;
const notify = `id: notify\nnamespace: deps.shared\ntasks:\n  - id: say\n    type: io.kestra.plugin.core.log.Log\n    message: hi\n`;
const audit = `id: audit\nnamespace: deps.ops\ntasks:\n  - id: say\n    type: io.kestra.plugin.core.log.Log\n    message: audited\ntriggers:\n  - id: after\n    type: io.kestra.plugin.core.trigger.Flow\n    preconditions:\n      id: pc\n      flows:\n        - namespace: deps.sales\n          flowId: caller\n`;

describe("namespace dependencies on a real database", () => {
  it("finds calls and Flow triggers across namespaces, and follows a new revision and a deleted flow", async () => {
    const { db } = ctx.deps;
    await saveFlow(db, notify, { create: true });
    await saveFlow(db, caller("notify"), { create: true });
    await saveFlow(db, audit, { create: true });

    const sales = await namespaceDependencies(db, "deps.sales");
    expect(sales.edges).toEqual([
      { source: "deps.sales_caller", target: "deps.ops_audit", relation: "FLOW_TRIGGER" },
      { source: "deps.sales_caller", target: "deps.shared_notify", relation: "FLOW_TASK" },
    ]);
    // The callee's side: found by reading only the flows that mention its namespace.
    expect((await namespaceDependencies(db, "deps.shared")).edges).toEqual([
      { source: "deps.sales_caller", target: "deps.shared_notify", relation: "FLOW_TASK" },
    ]);
    expect((await namespaceDependencies(db, "deps.ops")).edges).toEqual([
      { source: "deps.sales_caller", target: "deps.ops_audit", relation: "FLOW_TRIGGER" },
    ]);

    // A new revision is read again (what an older one said is not reused).
    await saveFlow(db, caller("elsewhere"), { create: false, namespace: "deps.sales", id: "caller" });
    const after = await namespaceDependencies(db, "deps.sales");
    expect(after.edges.find((e) => e.relation === "FLOW_TASK")).toEqual({
      source: "deps.sales_caller",
      target: "deps.shared_elsewhere",
      relation: "FLOW_TASK",
    });
    expect(after.nodes.find((n) => n.uid === "deps.shared_elsewhere")?.missing).toBe(true);

    // A deleted flow is no longer drawn, nor what it listened to.
    await deleteFlow(db, "deps.ops", "audit");
    expect((await namespaceDependencies(db, "deps.sales")).edges.some((e) => e.relation === "FLOW_TRIGGER")).toBe(
      false,
    );
  });
});
