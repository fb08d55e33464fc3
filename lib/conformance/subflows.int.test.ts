import { describe, expect, it } from "vitest";
import { State } from "../states/states";
import { CORRELATION_ID } from "../flow/labels";
import { type Execution, outputsOf, TESTS, useKestra } from "./kestra-harness";

// Kestra's FlowCaseTest (FlowTest, JdbcRunnerTest's flowWait*), CorrelationIdTest, JdbcRunnerTest's
// eachParallelWithSubflowMissing and the Subflow cases of TaskWithAllowFailureTest /
// TaskWithAllowWarningTest, on their flows of core/src/test/resources/flows/valids.
const k = useKestra();

/** FlowCaseTest.run: the parent runs switch.yaml as a Subflow with `string`, and both end as given. */
async function flowCase(
  input: string,
  fromState: string,
  triggerState: string,
  count: number,
  outputs: string | null,
  testInherited: boolean,
) {
  await k.load("switch.yaml", "task-flow.yaml", "task-flow-inherited-labels.yaml");
  const execution = await k.run(TESTS, testInherited ? "task-flow" : "task-flow-inherited-labels", {
    inputs: { string: input },
    labels: testInherited ? [{ key: "mainFlowExecutionLabel", value: "execFoo" }] : [],
  });
  expect(execution.taskRuns).toHaveLength(1);
  const launch = execution.taskRuns[0];
  expect([launch.attempt, launch.state]).toEqual([1, fromState]);
  expect(execution.state).toBe(fromState);
  const out = outputsOf(launch);
  if (outputs !== null) expect(String((out.outputs as Record<string, unknown>).extracted)).toContain(outputs);
  const triggered = await k.ended(String(out.executionId));
  if (outputs !== null) expect(out.state).toBe(triggered.state);
  // Kestra's trigger.type is io.kestra.plugin.core.flow.Subflow; Osprey records the kind as "subflow".
  expect(triggered.triggerType).toBe("subflow");
  expect(triggered.trigger).toMatchObject({
    executionId: execution.id,
    flowId: execution.flowId,
    namespace: execution.namespace,
  });
  expect(triggered.taskRuns).toHaveLength(count);
  expect(triggered.state).toBe(triggerState);
  const expected = testInherited
    ? [
        { key: CORRELATION_ID, value: execution.id },
        { key: "mainFlowExecutionLabel", value: "execFoo" },
        { key: "mainFlowLabel", value: "flowFoo" },
        { key: "launchTaskLabel", value: "launchFoo" },
        { key: "switchFlowLabel", value: "switchFoo" },
      ]
    : [
        { key: CORRELATION_ID, value: execution.id },
        { key: "launchTaskLabel", value: "launchFoo" },
        { key: "switchFlowLabel", value: "switchFoo" },
      ];
  expect(triggered.labels).toHaveLength(expected.length);
  expect(triggered.labels).toEqual(expect.arrayContaining(expected));
}

describe("Subflow (FlowCaseTest)", () => {
  it("waitSuccess: task-flow.yaml with OK: both SUCCESS, the child ran 2 task runs, outputs extracted 'default > amazing', 5 labels", async () => {
    await flowCase("OK", State.SUCCESS, State.SUCCESS, 2, "default > amazing", true);
  });

  it("waitFailed: task-flow.yaml with THIRD: both FAILED, the child ran 4 task runs, outputs extracted 'Error Trigger ! error-t1'", async () => {
    await flowCase("THIRD", State.FAILED, State.FAILED, 4, "Error Trigger ! error-t1", true);
  });

  it("invalidOutputs: task-flow.yaml with FIRST: the child SUCCESS with 2 task runs, the parent FAILED (its outputs map does not render)", async () => {
    await flowCase("FIRST", State.FAILED, State.SUCCESS, 2, null, true);
  });

  it("noLabels: task-flow-inherited-labels.yaml with OK and no run-time labels: 3 labels on the child", async () => {
    await flowCase("OK", State.SUCCESS, State.SUCCESS, 2, "default > amazing", false);
  });
});

describe("correlation id (CorrelationIdTest)", () => {
  it("subflow-parent.yaml → subflow-child.yaml → subflow-grand-child.yaml: all SUCCESS, child and grandchild carry the parent's id as system.correlationId", async () => {
    await k.load("subflow-grand-child.yaml", "subflow-child.yaml", "subflow-parent.yaml");
    const execution = await k.run(TESTS, "subflow-parent");
    expect(execution.state).toBe(State.SUCCESS);
    const child = await k.ended(String(outputsOf(execution.taskRuns[0]).executionId));
    const grandChild = await k.ended(String(outputsOf(child.taskRuns[0]).executionId));
    for (const e of [child, grandChild]) {
      expect(e.state).toBe(State.SUCCESS);
      expect(e.labels.find((l) => l.key === CORRELATION_ID)?.value).toBe(execution.id);
    }
    expect([child.flowId, grandChild.flowId]).toEqual(["subflow-child", "subflow-grand-child"]);
  });
});

describe("Subflow failures (JdbcRunnerTest, TaskWithAllowFailureTest, TaskWithAllowWarningTest)", () => {
  it("each-parallel-subflow-notfound.yml: FAILED, at least the EachParallel and one Subflow task run FAILED", async () => {
    const e = await k.execute("each-parallel-subflow-notfound.yml");
    expect(e.state).toBe(State.FAILED);
    expect(e.taskRuns.filter((r) => r.state === State.FAILED).length).toBeGreaterThanOrEqual(2);
  });

  it("task-allow-failure-executable-flow.yml: a failed child with allowFailure ends WARNING, 2 task runs; task-allow-warning-executable-flow.yml: SUCCESS, 2 task runs", async () => {
    await k.load("for-each-item-subflow-failed.yaml");
    const [failure, warning]: Execution[] = await Promise.all(
      ["task-allow-failure-executable-flow.yml", "task-allow-warning-executable-flow.yml"].map(k.execute),
    );
    expect([failure.state, failure.taskRuns.length]).toEqual([State.WARNING, 2]);
    expect([warning.state, warning.taskRuns.length]).toEqual([State.SUCCESS, 2]);
  });
});
