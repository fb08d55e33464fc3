import { describe, expect, it } from "vitest";
import { useTestExecutor } from "../testing/test-executor";
import { saveFlow } from "../flows/save-flow";
import { runFlow, waitForEnd } from "../testing/run-flow";
import { createExecution } from "../executions/create-execution";
import { getExecution } from "../executions/get-execution";
import { resumeExecution } from "../executions/resume-execution";
import { searchExecutions } from "../executions/search-executions";

const t = useTestExecutor();

describe("Subflow, flow outputs, Labels", () => {
  it("a Subflow runs a child flow with inputs, waits, and reads its flow outputs; the child sees its trigger", async () => {
    await saveFlow(
      t.deps.db,
      `id: child
namespace: it.sub
inputs:
  - {id: name, type: STRING}
tasks:
  - id: greet
    type: io.kestra.plugin.scripts.shell.Commands
    commands:
      - echo "started by {{ trigger.flowId }}"
      - echo '::{"outputs":{"greeting":"hello {{ inputs.name }}"}}::'
outputs:
  - id: message
    type: STRING
    value: "{{ outputs.greet.vars.greeting }}"
`,
      { create: true },
    );
    const { execution, logs } = await runFlow(
      t.deps,
      `id: parent
namespace: it.sub
labels: {team: data}
tasks:
  - id: tag
    type: io.kestra.plugin.core.execution.Labels
    labels: {stage: "{{ 'te' ~ 'st' }}"}
  - id: call
    type: io.kestra.plugin.core.flow.Subflow
    namespace: it.sub
    flowId: child
    inputs: {name: osprey}
  - id: show
    type: io.kestra.plugin.core.log.Log
    message: "child said {{ outputs.call.outputs.message }} ({{ outputs.call.state }})"
outputs:
  - {id: final, type: STRING, value: "{{ outputs.call.outputs.message }}!"}
`,
      t.executor,
    );
    expect(execution.state).toBe("SUCCESS");
    expect(logs.map((l) => l.message)).toContain("child said hello osprey (SUCCESS)");
    expect(execution.outputs).toEqual({ final: "hello osprey!" });
    expect(execution.labels).toEqual([
      { key: "team", value: "data" },
      { key: "system.correlationId", value: execution.id },
      { key: "stage", value: "test" },
    ]);
    // The executions list filters by labels (Kestra's key:value), every one given must match.
    const everywhere = { everywhere: true, allows: () => true };
    const found = await searchExecutions(
      t.deps.db,
      { page: 1, size: 50, labels: ["stage:test", "team:data"] },
      everywhere,
    );
    expect(found.results.map((e) => e.id)).toEqual([execution.id]);
    expect(found.results[0].labels).toEqual([
      { key: "team", value: "data" },
      { key: "system.correlationId", value: execution.id },
      { key: "stage", value: "test" },
    ]);
    expect((await searchExecutions(t.deps.db, { page: 1, size: 50, labels: ["stage:prod"] }, everywhere)).total).toBe(
      0,
    );
    const childId = (execution.taskRuns.find((t) => t.taskId === "call")!.outputs as { executionId: string })
      .executionId;
    const child = await getExecution(t.deps.db, childId);
    // A child shares its root's correlation id (Kestra's CorrelationIdTest).
    expect(child.labels).toContainEqual({ key: "system.correlationId", value: execution.id });
    expect(child.state).toBe("SUCCESS");
    expect(child.trigger).toMatchObject({ executionId: execution.id, namespace: "it.sub", flowId: "parent" });
  });

  it("the deprecated Subflow outputs map is rendered against the child once it ended; inheritLabels passes the parent's labels on", async () => {
    await saveFlow(
      t.deps.db,
      `id: plain_child\nnamespace: it.sub\ntasks:\n  - id: make\n    type: io.kestra.plugin.core.debug.Return\n    format: "made {{ inputs.n }}"\ninputs:\n  - {id: n, type: INT}\n`,
      { create: true },
    );
    const { execution } = await runFlow(
      t.deps,
      `id: old_style_parent
namespace: it.sub
labels: {team: data}
tasks:
  - id: call
    type: io.kestra.plugin.core.flow.Subflow
    namespace: it.sub
    flowId: plain_child
    inputs: {n: 7}
    inheritLabels: true
    labels: {stage: child}
    outputs:
      made: "{{ outputs.make.value }}"
  - id: show
    type: io.kestra.plugin.core.debug.Return
    format: "{{ outputs.call.outputs.made }}"
`,
      t.executor,
    );
    expect(execution.state).toBe("SUCCESS");
    expect(execution.taskRuns.find((r) => r.taskId === "show")!.outputs).toEqual({ value: "made 7" });
    const childId = (execution.taskRuns.find((r) => r.taskId === "call")!.outputs as { executionId: string })
      .executionId;
    const child = await getExecution(t.deps.db, childId);
    expect(child.labels).toEqual([
      { key: "team", value: "data" },
      { key: "stage", value: "child" },
      { key: "system.correlationId", value: execution.id },
    ]);
  });

  it("a failed child fails the Subflow task (transmitFailed), not with transmitFailed: false", async () => {
    await saveFlow(
      t.deps.db,
      `id: broken\nnamespace: it.sub\ntasks:\n  - id: f\n    type: io.kestra.plugin.core.execution.Fail\n    errorMessage: child broke\n`,
      { create: true },
    );
    const failing = await runFlow(
      t.deps,
      `id: caller\nnamespace: it.sub\ntasks:\n  - id: call\n    type: io.kestra.plugin.core.flow.Subflow\n    namespace: it.sub\n    flowId: broken\n`,
      t.executor,
    );
    expect(failing.execution.state).toBe("FAILED");
    expect(failing.execution.taskRuns[0].error).toMatch(
      /subflow execution .* ended FAILED: task f failed: child broke/,
    );
    const tolerant = await runFlow(
      t.deps,
      `id: caller2\nnamespace: it.sub\ntasks:\n  - id: call\n    type: io.kestra.plugin.core.flow.Subflow\n    namespace: it.sub\n    flowId: broken\n    transmitFailed: false\n`,
      t.executor,
    );
    expect(tolerant.execution.state).toBe("SUCCESS");
    expect(tolerant.execution.taskRuns[0].outputs).toMatchObject({ state: "FAILED" });
  });
});

describe("Pause and resume", () => {
  it("pauses until resumed, with onResume inputs read downstream; pauseDuration resumes on its own", async () => {
    await saveFlow(
      t.deps.db,
      `id: approval
namespace: it.pause
tasks:
  - id: wait
    type: io.kestra.plugin.core.flow.Pause
    onResume:
      - {id: approved, type: BOOLEAN}
  - id: after
    type: io.kestra.plugin.core.log.Log
    message: "approved={{ outputs.wait.onResume.approved }}"
  - id: nap
    type: io.kestra.plugin.core.flow.Pause
    pauseDuration: PT0.3S
`,
      { create: true },
    );
    const created = await createExecution(t.deps.db, "it.pause", "approval");
    t.executor.wake();
    await expect
      .poll(async () => (await getExecution(t.deps.db, created.id)).state, { timeout: 20_000 })
      .toBe("PAUSED");
    await expect(resumeExecution(t.deps.db, created.id, { approved: "yes" })).rejects.toThrow(/approved/);
    await resumeExecution(t.deps.db, created.id, { approved: "true" });
    const ended = await waitForEnd(t.deps, created.id);
    expect(ended.state).toBe("SUCCESS");
    expect(ended.taskRuns.map((t) => [t.taskId, t.state])).toEqual([
      ["wait", "SUCCESS"],
      ["after", "SUCCESS"],
      ["nap", "SUCCESS"],
    ]);
    await expect(resumeExecution(t.deps.db, created.id, {})).rejects.toThrow(/not paused/);
  });

  it("a Pause's deprecated tasks run once it is resumed, with its errors; WARN makes their SUCCESS a WARNING", async () => {
    await saveFlow(
      t.deps.db,
      `id: gate
namespace: it.pause
tasks:
  - id: gate
    type: io.kestra.plugin.core.flow.Pause
    onResume:
      - {id: who, type: STRING}
    tasks:
      - id: first
        type: io.kestra.plugin.core.log.Log
        message: "resumed by {{ outputs.gate.onResume.who }}"
      - id: boom
        type: io.kestra.plugin.core.execution.Fail
    errors:
      - id: caught
        type: io.kestra.plugin.core.log.Log
        message: "{{ tasks.boom.state }}"
  - id: never
    type: io.kestra.plugin.core.log.Log
    message: not reached
`,
      { create: true },
    );
    const created = await createExecution(t.deps.db, "it.pause", "gate");
    t.executor.wake();
    await expect
      .poll(async () => (await getExecution(t.deps.db, created.id)).state, { timeout: 20_000 })
      .toBe("PAUSED");
    // Nothing under the Pause runs while it waits.
    expect((await getExecution(t.deps.db, created.id)).taskRuns.map((r) => [r.taskId, r.state])).toEqual([
      ["gate", "PAUSED"],
    ]);
    await resumeExecution(t.deps.db, created.id, { who: "ana" });
    const ended = await waitForEnd(t.deps, created.id);
    expect(ended.state).toBe("FAILED");
    expect(ended.taskRuns.map((r) => [r.taskId, r.state])).toEqual([
      ["gate", "FAILED"],
      ["first", "SUCCESS"],
      ["boom", "FAILED"],
      ["caught", "SUCCESS"],
    ]);
    expect(ended.taskRuns[0].outputs).toEqual({ onResume: { who: "ana" } });

    const { execution: warned } = await runFlow(
      t.deps,
      `id: gate-warn
namespace: it.pause
tasks:
  - id: gate
    type: io.kestra.plugin.core.flow.Pause
    pauseDuration: PT0.3S
    behavior: WARN
    tasks:
      - id: inside
        type: io.kestra.plugin.core.log.Log
        message: after the pause
  - id: next
    type: io.kestra.plugin.core.log.Log
    message: goes on
`,
      t.executor,
    );
    expect(warned.state).toBe("WARNING");
    expect(warned.taskRuns.map((r) => [r.taskId, r.state])).toEqual([
      ["gate", "WARNING"],
      ["inside", "SUCCESS"],
      ["next", "SUCCESS"],
    ]);
  });
});
