import { describe, expect, it } from "vitest";
import { saveFlow } from "../flows/save-flow";
import { State } from "../states/states";
import { useTestExecutor } from "../testing/test-executor";
import { waitForEnd } from "../testing/run-flow";
import { createExecution } from "./create-execution";
import { getExecution } from "./get-execution";

const t = useTestExecutor();

// Kestra's scheduleDate (POST /api/v1/executions/{ns}/{id}?scheduleDate=…): the execution is made at
// once and started only from that date; the executor, polling all along, passes it over until then.
describe("an execution with a scheduleDate", () => {
  it("waits CREATED until its date while others run, then runs; a past date runs at once", async () => {
    await saveFlow(
      t.deps.db,
      "id: later\nnamespace: it.schedule\ntasks:\n  - id: t\n    type: io.kestra.plugin.core.debug.Return\n    format: ran\n",
      { create: true },
    );
    const when = new Date(Date.now() + 4_000);
    const scheduled = await createExecution(t.deps.db, "it.schedule", "later", {}, "t", { scheduledFor: when });
    const now = await createExecution(t.deps.db, "it.schedule", "later", {}, "t");
    const past = await createExecution(t.deps.db, "it.schedule", "later", {}, "t", {
      scheduledFor: new Date(Date.now() - 60_000),
    });
    t.executor.wake();
    // The ones due run; the scheduled one is still waiting when they have ended (well before its date).
    expect((await waitForEnd(t.deps, now.id)).state).toBe(State.SUCCESS);
    expect((await waitForEnd(t.deps, past.id)).state).toBe(State.SUCCESS);
    const waiting = await getExecution(t.deps.db, scheduled.id);
    if (Date.now() < when.getTime()) expect(waiting.state).toBe(State.CREATED);
    expect(waiting.scheduleDate?.toISOString()).toBe(when.toISOString());
    const ran = await waitForEnd(t.deps, scheduled.id);
    expect(ran.state).toBe(State.SUCCESS);
    expect(ran.startedAt!.getTime()).toBeGreaterThanOrEqual(when.getTime());
  });
});
