import { describe, expect, it } from "vitest";
import { createExecution } from "../executions/create-execution";
import { getExecution } from "../executions/get-execution";
import { resumeExecution } from "../executions/resume-execution";
import { saveFlow } from "../flows/save-flow";
import { State } from "../states/states";
import { waitForEnd } from "../testing/run-flow";
import { useTestExecutor } from "../testing/test-executor";

const t = useTestExecutor();
const NS = "it.ft.states";

/** The `trigger.state` of each listener execution the upstream `id` started, in order. */
async function heardFrom(id: string): Promise<string[]> {
  const rows = await t.deps.db.execution.findMany({
    where: { namespace: NS, flowId: "listener" },
    orderBy: { createdAt: "asc" },
  });
  return rows
    .map((r) => JSON.parse(r.trigger ?? "{}") as { executionId: string; state: string })
    .filter((tr) => tr.executionId === id)
    .map((tr) => tr.state);
}

describe("Flow triggers on each state change", () => {
  it("a trigger on RUNNING and PAUSED starts its flow while the upstream runs and waits, again on resume, never at the end", async () => {
    await saveFlow(
      t.deps.db,
      `id: upstream
namespace: ${NS}
tasks:
  - id: before
    type: io.kestra.plugin.core.log.Log
    message: before
  - id: wait
    type: io.kestra.plugin.core.flow.Pause
  - id: after
    type: io.kestra.plugin.core.log.Log
    message: after
`,
      { create: true },
    );
    await saveFlow(
      t.deps.db,
      `id: listener
namespace: ${NS}
tasks:
  - id: say
    type: io.kestra.plugin.core.log.Log
    message: "{{ trigger.executionId }} is {{ trigger.state }}"
triggers:
  - id: while_running
    type: io.kestra.plugin.core.trigger.Flow
    states: [RUNNING, PAUSED]
    conditions:
      - type: io.kestra.plugin.core.condition.ExecutionFlow
        namespace: ${NS}
        flowId: upstream
`,
      { create: true },
    );
    const { id } = await createExecution(t.deps.db, NS, "upstream");
    t.executor.wake();
    // The upstream waits on its Pause: what it started so far was heard before any end.
    await expect.poll(async () => (await getExecution(t.deps.db, id)).state, { timeout: 30_000 }).toBe(State.PAUSED);
    await expect.poll(() => heardFrom(id), { timeout: 15_000 }).toEqual([State.RUNNING, State.PAUSED]);
    expect((await getExecution(t.deps.db, id)).state).toBe(State.PAUSED);

    await resumeExecution(t.deps.db, id, {}, t.deps.bus);
    expect((await waitForEnd(t.deps, id)).state).toBe(State.SUCCESS);
    await t.executor.idle();
    // Resuming moved it to RUNNING once more; its end (SUCCESS) is not among the trigger's states.
    expect(await heardFrom(id)).toEqual([State.RUNNING, State.PAUSED, State.RUNNING]);
    const listeners = await t.deps.db.execution.findMany({ where: { namespace: NS, flowId: "listener" } });
    for (const l of listeners) expect((await waitForEnd(t.deps, l.id)).state).toBe(State.SUCCESS);
  });
});
