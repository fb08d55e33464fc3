import { describe, expect, it } from "vitest";
import { State } from "../states/states";
import { runOf, TESTS, useKestra } from "./kestra-harness";

// Kestra's RetryCaseTest (run by JdbcRunnerRetryTest, today AbstractRunnerRetryTest) and the
// runnable cases of TaskWithAllowFailureTest / TaskWithAllowWarningTest, on their flows of
// core/src/test/resources/flows/valids. A run's attempts are Osprey's `attempt` (Kestra:
// getAttempts().size(), attemptNumber()).
const k = useKestra();

describe("retry (RetryCaseTest)", () => {
  it("retry-success.yaml: WARNING, 1 task run, 4 attempts; retry-success-first-attempt.yaml: SUCCESS, 1 task run, 1 attempt", async () => {
    const [success, first] = await Promise.all(
      ["retry-success.yaml", "retry-success-first-attempt.yaml"].map(k.execute),
    );
    expect([success.state, success.taskRuns.length, success.taskRuns[0].attempt]).toEqual([State.WARNING, 1, 4]);
    expect([first.state, first.taskRuns.length, first.taskRuns[0].attempt]).toEqual([State.SUCCESS, 1, 1]);
  });

  it("retry-failed.yaml: 2 task runs (the errors handler), 5 attempts, FAILED; retry-random.yaml: 1 task run, 3 attempts, FAILED; retry-fail.yaml: 2 task runs, 3 attempts, FAILED", async () => {
    const [failed, random, fail] = await Promise.all(
      ["retry-failed.yaml", "retry-random.yaml", "retry-fail.yaml"].map(k.execute),
    );
    expect([failed.taskRuns.length, failed.taskRuns[0].attempt, failed.state]).toEqual([2, 5, State.FAILED]);
    expect([random.taskRuns.length, random.taskRuns[0].attempt, random.state]).toEqual([1, 3, State.FAILED]);
    expect([fail.taskRuns.length, fail.taskRuns[0].attempt, fail.state]).toEqual([2, 3, State.FAILED]);
  });

  // Its interval is written PT0.25s: Java's Duration.parse takes the unit letters in either case.
  it("retry-expo.yaml: 1 task run, 3 attempts, FAILED", async () => {
    const e = await k.execute("retry-expo.yaml");
    expect([e.taskRuns.length, e.taskRuns[0].attempt, e.state]).toEqual([1, 3, State.FAILED]);
  });

  it("RETRY_FAILED_TASK: retry-failed-task-duration.yml and retry-failed-flow-duration.yml end after 3 attempts, retry-failed-task-attempts.yml and retry-failed-flow-attempts.yml after 4; FAILED", async () => {
    const files = [
      "retry-failed-task-duration.yml",
      "retry-failed-flow-duration.yml",
      "retry-failed-task-attempts.yml",
      "retry-failed-flow-attempts.yml",
    ];
    const runs = await Promise.all(files.map(k.execute));
    expect(runs.map((e) => [e.state, e.taskRuns[0].attempt])).toEqual([
      [State.FAILED, 3],
      [State.FAILED, 3],
      [State.FAILED, 4],
      [State.FAILED, 4],
    ]);
  });

  // D3 (fixed): a failure whose retry says CREATE_NEW_EXECUTION ends the execution RETRIED and
  // replays it from the start at the retry's date (lib/orchestrator/retry-new-execution.ts).
  it("CREATE_NEW_EXECUTION: retry-new-execution-{task,flow}-{duration,attempts}.yml each end as 3 executions, RETRIED, RETRIED and FAILED", async () => {
    const files = [
      "retry-new-execution-task-duration.yml",
      "retry-new-execution-task-attempts.yml",
      "retry-new-execution-flow-duration.yml",
      "retry-new-execution-flow-attempts.yml",
    ];
    await Promise.all(files.map(k.execute));
    for (const flowId of files.map((f) => f.replace(/\.yml$/, ""))) {
      await expect
        .poll(async () => (await k.executionsOf(TESTS, flowId)).map((e) => e.state).sort(), { timeout: 30_000 })
        .toEqual(["FAILED", "RETRIED", "RETRIED"]);
    }
  });

  it("a flowable's retry applies to its children: retry-flowable.yaml and retry-flowable-child.yaml (2nd task run), retry-flowable-nested-child.yaml (3rd) at 3 attempts; retry-flowable-parallel.yaml at 2 or more for both values; FAILED", async () => {
    const [flowable, child, nested, parallel] = await Promise.all(
      [
        "retry-flowable.yaml",
        "retry-flowable-child.yaml",
        "retry-flowable-nested-child.yaml",
        "retry-flowable-parallel.yaml",
      ].map(k.execute),
    );
    expect([flowable.state, flowable.taskRuns[1].attempt]).toEqual([State.FAILED, 3]);
    expect([child.state, child.taskRuns[1].attempt]).toEqual([State.FAILED, 3]);
    expect([nested.state, nested.taskRuns[2].attempt]).toEqual([State.FAILED, 3]);
    expect(parallel.state).toBe(State.FAILED);
    expect(parallel.taskRuns[1].attempt).toBeGreaterThanOrEqual(2);
    expect(parallel.taskRuns[2].attempt).toBeGreaterThanOrEqual(2);
  });

  it("retry-subflow.yaml: the flow's retry retries the Subflow task, 3 attempts, FAILED", async () => {
    await k.load("failed-first.yaml");
    const e = await k.execute("retry-subflow.yaml");
    expect([e.state, e.taskRuns[0].attempt]).toEqual([State.FAILED, 3]);
  });
});

describe("allowFailure / allowWarning on a retried task (TaskWithAllowFailureTest, TaskWithAllowWarningTest)", () => {
  it("task-allow-failure-runnable.yml: WARNING, 2 task runs, fail at 3 attempts; task-allow-warning-runnable.yml: SUCCESS, same runs", async () => {
    const [failure, warning] = await Promise.all(
      ["task-allow-failure-runnable.yml", "task-allow-warning-runnable.yml"].map(k.execute),
    );
    expect([failure.state, failure.taskRuns.length, runOf(failure, "fail").attempt]).toEqual([State.WARNING, 2, 3]);
    expect([warning.state, warning.taskRuns.length, runOf(warning, "fail").attempt]).toEqual([State.SUCCESS, 2, 3]);
  });
});
