import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createExecution } from "../executions/create-execution";
import { State } from "../states/states";
import { runFlow, waitForEnd } from "../testing/run-flow";
import { useTestDeps } from "../testing/test-deps";
import { deleteFlow } from "./delete-flow";
import { executionSource } from "./execution-source";
import { saveFlow } from "./save-flow";

const ctx = useTestDeps();
let ghostId = "";

const flow = (id: string, message: string) =>
  `id: ${id}\nnamespace: it.source\ntasks:\n  - id: say\n    type: io.kestra.plugin.core.log.Log\n    message: "${message}"\n`;

describe("an execution's source, read from its flow revision", () => {
  it("stores no copy for a run of a saved revision, and reads that revision's source", async () => {
    const { db } = ctx.deps;
    const v1 = flow("versions", "first");
    await saveFlow(db, v1, { create: true });
    const first = await createExecution(db, "it.source", "versions");
    expect(first.source).toBeNull();
    expect(await executionSource(db, first)).toBe(v1);

    // A later revision does not change what the earlier execution ran.
    const v2 = flow("versions", "second");
    await saveFlow(db, v2, { create: false, namespace: "it.source", id: "versions" });
    const second = await createExecution(db, "it.source", "versions");
    expect(second.flowRevision).toBe(2);
    expect(await executionSource(db, first)).toBe(v1);
    expect(await executionSource(db, second)).toBe(v2);
  });

  it("still reads the source once the flow is deleted (its revisions stay)", async () => {
    const { db } = ctx.deps;
    const yaml = flow("doomed", "bye");
    await saveFlow(db, yaml, { create: true });
    const run = await createExecution(db, "it.source", "doomed");
    await deleteFlow(db, "it.source", "doomed");
    const stored = await db.execution.findUniqueOrThrow({ where: { id: run.id } });
    expect(await executionSource(db, stored)).toBe(yaml);
  });

  it("keeps its own copy when it runs a source that is not a stored revision", async () => {
    const { db } = ctx.deps;
    const own = flow("unsaved", "as given");
    const row = await db.execution.create({
      data: {
        id: randomUUID(),
        namespace: "it.source",
        flowId: "unsaved",
        flowRevision: 1,
        source: own,
        state: State.CREATED,
      },
    });
    expect(await executionSource(db, row)).toBe(own);
  });

  it("says which revision is missing when neither a copy nor the revision is stored", async () => {
    const { db } = ctx.deps;
    const row = await db.execution.create({
      data: {
        id: randomUUID(),
        namespace: "it.source",
        flowId: "ghost",
        flowRevision: 3,
        source: null,
        state: State.CREATED,
      },
    });
    await expect(executionSource(db, row)).rejects.toThrow(/revision 3 of the flow is not stored/);
    ghostId = row.id;
  });

  it("runs on the engine from the revision's source; one whose source is lost fails with the reason", async () => {
    const { execution, logs } = await runFlow(ctx.deps, flow("engine", "ran from the revision"));
    expect(execution.state).toBe(State.SUCCESS);
    expect(execution.source).toBeNull();
    expect(logs.map((l) => l.message)).toContain("ran from the revision");
    // The executor took the lost one too, and did not stall on it.
    const ghost = await waitForEnd(ctx.deps, ghostId);
    expect(ghost.state).toBe(State.FAILED);
    expect(ghost.error).toMatch(/revision 3 of the flow is not stored/);
  });
});
