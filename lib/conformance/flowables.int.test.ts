import { describe, expect, it } from "vitest";
import { State } from "../states/states";
import { outputsOf, runOf, runsOf, TESTS, useKestra } from "./kestra-harness";

// Kestra's SequentialTest, ParallelTest, DagTest, DisabledTest, AllowFailureTest, TaskWithRunIfTest,
// TaskWithAllowFailureTest/TaskWithAllowWarningTest (flowable), BadFlowableTest and JdbcRunnerTest's
// full/logs/errors/sequential/parallel, on their flows of core/src/test/resources/flows/valids.
const k = useKestra();

describe("Sequential, Parallel, Dag (SequentialTest, ParallelTest, DagTest, JdbcRunnerTest)", () => {
  it("sequential.yaml: 11 task runs, SUCCESS; parallel.yaml: 8; parallel-nested.yaml: 11; dag.yaml: 7, SUCCESS", async () => {
    const [sequential, parallel, nested, dag] = await Promise.all(
      ["sequential.yaml", "parallel.yaml", "parallel-nested.yaml", "dag.yaml"].map(k.execute),
    );
    expect([sequential.taskRuns.length, sequential.state]).toEqual([11, State.SUCCESS]);
    expect(parallel.taskRuns).toHaveLength(8);
    expect(nested.taskRuns).toHaveLength(11);
    expect([dag.state, dag.taskRuns.length]).toEqual([State.SUCCESS, 7]);
  });

  it("sequential-with-global-errors.yaml and sequential-with-local-errors.yaml: 6 task runs each, FAILED", async () => {
    const [global, local] = await Promise.all(
      ["sequential-with-global-errors.yaml", "sequential-with-local-errors.yaml"].map(k.execute),
    );
    expect([global.taskRuns.length, global.state]).toEqual([6, State.FAILED]);
    expect([local.taskRuns.length, local.state]).toEqual([6, State.FAILED]);
  });

  it("full.yaml (JdbcRunnerTest.full): 13 task runs, SUCCESS, t2 reads the flow's label; logs.yaml: 5 task runs", async () => {
    const [full, logs] = await Promise.all(["full.yaml", "logs.yaml"].map(k.execute));
    expect([full.taskRuns.length, full.state]).toEqual([13, State.SUCCESS]);
    expect(String(outputsOf(runOf(full, "t2")).value)).toContain("value1");
    expect(logs.taskRuns).toHaveLength(5);
  });

  it("errors.yaml (JdbcRunnerTest.errors): 7 task runs; the error handler logs errorLogs() as '- task: failed, message: Task failure'", async () => {
    const execution = await k.execute("errors.yaml");
    expect(execution.taskRuns).toHaveLength(7);
    const messages = (await k.logs(execution.id)).map((l) => l.message);
    expect(messages).toContain("- task: failed, message: Task failure");
  });
});

describe("disabled tasks (DisabledTest)", () => {
  it("disable-simple.yaml: 2 task runs; disable-error.yaml: 3; disable-flowable.yaml: 10", async () => {
    const [simple, error, flowable] = await Promise.all(
      ["disable-simple.yaml", "disable-error.yaml", "disable-flowable.yaml"].map(k.execute),
    );
    expect(simple.taskRuns).toHaveLength(2);
    expect(error.taskRuns).toHaveLength(3);
    expect(flowable.taskRuns).toHaveLength(10);
  });
});

describe("AllowFailure (AllowFailureTest)", () => {
  const control = (e: Awaited<ReturnType<typeof k.execute>>) => {
    expect(runOf(e, "first").state).toBe(State.WARNING);
    expect(runOf(e, "1-1-allow-failure").state).toBe(State.WARNING);
    expect(runOf(e, "1-1-1_seq").state).toBe(State.FAILED);
    expect(runOf(e, "1-1-1-1").state).toBe(State.SUCCESS);
    expect(runOf(e, "ko").state).toBe(State.FAILED);
    expect(runOf(e, "local-error").state).toBe(State.SUCCESS);
    expect(runOf(e, "1-2-todo").state).toBe(State.SUCCESS);
  };

  it("allow-failure.yaml without inputs (success): 9 task runs, WARNING, global-error never runs, last SUCCESS", async () => {
    const e = await k.execute("allow-failure.yaml");
    expect(e.taskRuns).toHaveLength(9);
    control(e);
    expect(runsOf(e, "global-error")).toHaveLength(0);
    expect(runOf(e, "last").state).toBe(State.SUCCESS);
    expect(e.state).toBe(State.WARNING);
  });

  it("allow-failure.yaml with crash=1 (failed): 10 task runs, switch and crash FAILED, global-error SUCCESS, FAILED", async () => {
    await k.load("allow-failure.yaml");
    const e = await k.run(TESTS, "allow-failure", { inputs: { crash: "1" } });
    expect(e.taskRuns).toHaveLength(10);
    control(e);
    expect(runOf(e, "global-error").state).toBe(State.SUCCESS);
    expect(runOf(e, "switch").state).toBe(State.FAILED);
    expect(runOf(e, "crash").state).toBe(State.FAILED);
    expect(e.state).toBe(State.FAILED);
  });
});

describe("allowFailure / allowWarning on a flowable, runIf (TaskWithAllowFailureTest, TaskWithAllowWarningTest, TaskWithRunIfTest)", () => {
  it("task-allow-failure-flowable.yml: WARNING, 3 task runs; task-allow-warning-flowable.yml: SUCCESS, 3 task runs", async () => {
    const [failure, warning] = await Promise.all(
      ["task-allow-failure-flowable.yml", "task-allow-warning-flowable.yml"].map(k.execute),
    );
    expect([failure.state, failure.taskRuns.length]).toEqual([State.WARNING, 3]);
    expect([warning.state, warning.taskRuns.length]).toEqual([State.SUCCESS, 3]);
  });

  it("task-runif.yml: FAILED, 4 task runs: executed SUCCESS, notexecuted SKIPPED, willfailedtheflow FAILED", async () => {
    const e = await k.execute("task-runif.yml");
    expect([e.state, e.taskRuns.length]).toEqual([State.FAILED, 4]);
    expect(runOf(e, "executed").state).toBe(State.SUCCESS);
    expect(runOf(e, "notexecuted").state).toBe(State.SKIPPED);
    expect(runOf(e, "willfailedtheflow").state).toBe(State.FAILED);
  });

  it("flowable-with-parent-fail.yaml (BadFlowableTest): 5 task runs, FAILED", async () => {
    const e = await k.execute("flowable-with-parent-fail.yaml");
    expect([e.taskRuns.length, e.state]).toEqual([5, State.FAILED]);
  });
});

describe("Fail (FailTest)", () => {
  it("fail-on-switch.yaml with param=fail: 1 task run, switch FAILED, FAILED", async () => {
    await k.load("fail-on-switch.yaml");
    const e = await k.run(TESTS, "fail-on-switch", { inputs: { param: "fail" } });
    expect(e.taskRuns).toHaveLength(1);
    expect(runOf(e, "switch").state).toBe(State.FAILED);
    expect(e.state).toBe(State.FAILED);
  });

  it("fail-on-condition.yaml: param=fail ends FAILED after 2 task runs; param=success runs 3, SUCCESS", async () => {
    await k.load("fail-on-condition.yaml");
    const [failed, passed] = await Promise.all([
      k.run(TESTS, "fail-on-condition", { inputs: { param: "fail" } }),
      k.run(TESTS, "fail-on-condition", { inputs: { param: "success" } }),
    ]);
    expect(failed.taskRuns).toHaveLength(2);
    expect(runOf(failed, "fail").state).toBe(State.FAILED);
    expect(failed.state).toBe(State.FAILED);
    expect(passed.taskRuns).toHaveLength(3);
    expect(runOf(passed, "fail").state).toBe(State.SUCCESS);
    expect(passed.state).toBe(State.SUCCESS);
  });
});
