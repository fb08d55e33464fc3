import { describe, expect, it } from "vitest";
import { saveFlow } from "../flows/save-flow";
import { runFlow, waitForEnd } from "../testing/run-flow";
import { useTestExecutor } from "../testing/test-executor";
import { createExecution } from "../executions/create-execution";
import { getExecution } from "../executions/get-execution";

const t = useTestExecutor();

const slaFlow = (id: string, behavior: string, sleep: string) => `id: ${id}
namespace: it.sla
sla:
  - id: too-long
    type: MAX_DURATION
    duration: PT1S
    behavior: ${behavior}
    labels: {sla: missed}
tasks:
  - id: nap
    type: io.kestra.plugin.core.flow.Sleep
    duration: ${sleep}
  - id: after
    type: io.kestra.plugin.core.log.Log
    message: woke up
`;

describe("flow sla", () => {
  it("MAX_DURATION with FAIL ends a longer run FAILED, its task killed, with a log line and the SLA's labels", async () => {
    const { execution, logs } = await runFlow(t.deps, slaFlow("sla-fail", "FAIL", "PT60S"), t.executor);
    expect(execution.state).toBe("FAILED");
    expect(execution.error).toMatch(
      /SLA 'too-long' violated: execution duration of \d+ ms exceeds the maximum duration of PT1S/,
    );
    expect(execution.labels).toContainEqual({ key: "sla", value: "missed" });
    expect(logs.find((l) => l.message.startsWith("Execution failed due to SLA 'too-long' violated"))?.level).toBe(
      "ERROR",
    );
    const full = await getExecution(t.deps.db, execution.id);
    expect(full.taskRuns.map((r) => [r.taskId, r.state])).toEqual([["nap", "KILLED"]]);
  });

  it("MAX_DURATION with CANCEL ends it CANCELLED; with NONE it only labels and logs, and the run goes on", async () => {
    const cancelled = await runFlow(t.deps, slaFlow("sla-cancel", "CANCEL", "PT60S"), t.executor);
    expect(cancelled.execution.state).toBe("CANCELLED");

    const none = await runFlow(t.deps, slaFlow("sla-none", "NONE", "PT2S"), t.executor);
    expect(none.execution.state).toBe("SUCCESS");
    expect(none.execution.labels).toContainEqual({ key: "sla", value: "missed" });
    expect(none.logs.map((l) => l.message)).toEqual(
      expect.arrayContaining(["woke up", expect.stringMatching(/^SLA 'too-long' violated/)]),
    );
  });

  it("EXECUTION_ASSERTION is checked at the end: false fails the execution, true leaves it alone", async () => {
    const flow = (expected: string) => `id: sla-assert
namespace: it.sla
sla:
  - id: answer
    type: EXECUTION_ASSERTION
    assert: "{{ outputs.ask.value == '${expected}' and execution.state == 'SUCCESS' }}"
    behavior: FAIL
tasks:
  - id: ask
    type: io.kestra.plugin.core.debug.Return
    format: "42"
`;
    const wrong = await runFlow(t.deps, flow("41"), t.executor);
    expect(wrong.execution.state).toBe("FAILED");
    expect(wrong.execution.error).toMatch(/SLA 'answer' violated: assertion is false/);
    const right = await runFlow(t.deps, flow("42"), t.executor);
    expect(right.execution.state).toBe("SUCCESS");
  });
});

describe("flow checks on a manual run", () => {
  it("BLOCK_EXECUTION refuses the run with its message; FAIL_EXECUTION stores it FAILED without running it; CREATE_EXECUTION runs it", async () => {
    await saveFlow(
      t.deps.db,
      `id: checked
namespace: it.checks
inputs:
  - {id: count, type: INT}
checks:
  - condition: "{{ inputs.count < 100 }}"
    message: count must stay under 100
    style: ERROR
  - condition: "{{ inputs.count > 0 }}"
    message: count must be positive
    behavior: FAIL_EXECUTION
  - condition: "{{ inputs.count != 7 }}"
    message: seven is unlucky
    behavior: CREATE_EXECUTION
    style: WARNING
tasks:
  - id: hello
    type: io.kestra.plugin.core.log.Log
    message: "count {{ inputs.count }}"
`,
      { create: true },
    );
    const where = { namespace: "it.checks", flowId: "checked" };
    await expect(createExecution(t.deps.db, "it.checks", "checked", { count: 500 })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringMatching(/count must stay under 100/),
    });
    expect(await t.deps.db.execution.count({ where })).toBe(0);

    const failed = await createExecution(t.deps.db, "it.checks", "checked", { count: 0 });
    expect(failed.state).toBe("FAILED");
    expect(failed.error).toMatch(/count must be positive/);
    t.executor.wake();
    expect((await waitForEnd(t.deps, failed.id)).taskRuns).toEqual([]);

    const lucky = await createExecution(t.deps.db, "it.checks", "checked", { count: 7 });
    t.executor.wake();
    const ran = await waitForEnd(t.deps, lucky.id);
    expect(ran.state).toBe("SUCCESS");
    expect(ran.taskRuns.map((r) => r.taskId)).toEqual(["hello"]);
  });
});
