import { describe, expect, it } from "vitest";
import { saveFlow } from "../flows/save-flow";
import { runFlow, waitForEnd } from "../testing/run-flow";
import { useTestExecutor } from "../testing/test-executor";
import { createExecution } from "../executions/create-execution";
import { getExecution } from "../executions/get-execution";

const t = useTestExecutor();

describe("execution.Resume", () => {
  it("resumes a paused execution of another flow with onResume inputs (Kestra's resume-execution.yaml); out of reach or not paused fails", async () => {
    await saveFlow(
      t.deps.db,
      `id: pause
namespace: it.resume
tasks:
  - id: wait
    type: io.kestra.plugin.core.flow.Pause
    onResume:
      - {id: who, type: STRING}
  - id: after
    type: io.kestra.plugin.core.log.Log
    message: "resumed by {{ outputs.wait.onResume.who }}"
`,
      { create: true },
    );
    const paused = await createExecution(t.deps.db, "it.resume", "pause");
    t.executor.wake();
    await expect.poll(async () => (await getExecution(t.deps.db, paused.id)).state, { timeout: 20_000 }).toBe("PAUSED");

    const resumer = (ns: string, extra = "") => `id: resume-execution
namespace: ${ns}
inputs:
  - id: executionId
    type: STRING
tasks:
  - id: resume
    type: io.kestra.plugin.core.execution.Resume
    executionId: "{{inputs.executionId}}"
    inputs: {who: "{{ flow.id }}"}${extra}
`;
    // Another namespace's execution is not found, and stays paused.
    await saveFlow(t.deps.db, resumer("it.other"), { create: true });
    const refused = await waitForEnd(
      t.deps,
      (await createExecution(t.deps.db, "it.other", "resume-execution", { executionId: paused.id })).id,
    );
    expect(refused.state).toBe("FAILED");
    expect(refused.taskRuns[0].error).toMatch(/No execution found/);
    expect((await getExecution(t.deps.db, paused.id)).state).toBe("PAUSED");
    // namespace + flowId must name the execution's own flow.
    await saveFlow(t.deps.db, resumer("it.resume", "\n    namespace: it.resume\n    flowId: nope"), { create: true });
    const wrongFlow = await waitForEnd(
      t.deps,
      (await createExecution(t.deps.db, "it.resume", "resume-execution", { executionId: paused.id })).id,
    );
    expect(wrongFlow.state).toBe("FAILED");

    await saveFlow(t.deps.db, resumer("it.resume", "\n    namespace: it.resume\n    flowId: pause"), {
      create: false,
      namespace: "it.resume",
      id: "resume-execution",
    });
    const resuming = await waitForEnd(
      t.deps,
      (await createExecution(t.deps.db, "it.resume", "resume-execution", { executionId: paused.id })).id,
    );
    expect(resuming.state).toBe("SUCCESS");
    const resumed = await waitForEnd(t.deps, paused.id);
    expect(resumed.state).toBe("SUCCESS");
    expect(resumed.taskRuns.find((r) => r.taskId === "wait")!.outputs).toEqual({
      onResume: { who: "resume-execution" },
    });

    // Again: the execution is no longer paused, so the task fails.
    const again = await waitForEnd(
      t.deps,
      (await createExecution(t.deps.db, "it.resume", "resume-execution", { executionId: paused.id })).id,
    );
    expect(again.state).toBe("FAILED");
    expect(again.taskRuns[0].error).toMatch(/not paused/);
  });

  it("refuses namespace without flowId", async () => {
    const { execution } = await runFlow(
      t.deps,
      `id: half\nnamespace: it.resume\ntasks:\n  - id: r\n    type: io.kestra.plugin.core.execution.Resume\n    executionId: x\n    namespace: it.resume\n`,
      t.executor,
    );
    expect(execution.state).toBe("FAILED");
    expect(execution.taskRuns[0].error).toMatch(/Both `namespace` and `flowId` must be set/);
  });
});

describe("trigger.Toggle", () => {
  const scheduled = `id: scheduled
namespace: it.toggle
tasks:
  - {id: a, type: io.kestra.plugin.core.log.Log, message: m}
triggers:
  - id: schedule
    type: io.kestra.plugin.core.trigger.Schedule
    cron: "* * * * *"
`;
  const row = () =>
    t.deps.db.trigger.findUniqueOrThrow({
      where: { namespace_flowId_triggerId: { namespace: "it.toggle", flowId: "scheduled", triggerId: "schedule" } },
    });

  it("disables and enables another flow's Schedule trigger (its row), by the old type name too; an unknown trigger fails", async () => {
    await saveFlow(t.deps.db, scheduled, { create: true });
    expect((await row()).disabled).toBe(false);
    const toggle = (type: string, enabled: string) => `id: toggler
namespace: it.toggle
tasks:
  - id: toggle
    type: ${type}
    flowId: scheduled
    trigger: "{{ 'sched' ~ 'ule' }}"${enabled}
`;
    // enabled defaults to false: disable.
    const off = await runFlow(t.deps, toggle("io.kestra.plugin.core.trigger.Toggle", ""), t.executor);
    expect(off.execution.state).toBe("SUCCESS");
    expect((await row()).disabled).toBe(true);
    const on = await runFlow(t.deps, toggle("io.kestra.core.tasks.trigger.Toggle", "\n    enabled: true"), t.executor);
    expect(on.execution.state).toBe("SUCCESS");
    expect((await row()).disabled).toBe(false);

    const missing = await runFlow(
      t.deps,
      `id: bad\nnamespace: it.toggle\ntasks:\n  - id: toggle\n    type: io.kestra.plugin.core.trigger.Toggle\n    trigger: nope\n`,
      t.executor,
    );
    expect(missing.execution.state).toBe("FAILED");
    expect(missing.execution.taskRuns[0].error).toMatch(/Unable to find trigger nope for the flow it.toggle.bad/);
  });
});
