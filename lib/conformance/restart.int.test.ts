import { describe, expect, it } from "vitest";
import { State } from "../states/states";
import { replayExecution, restartExecution } from "../executions/restart-execution";
import { runOf, runWithValues, TESTS, useKestra } from "./kestra-harness";

// Kestra's RestartCaseTest (run by JdbcRunnerTest, today AbstractRunnerTest) on its flows of
// core/src/test/resources/flows/valids: executionService.restart()/replay() are Osprey's
// restartExecution/replayExecution (POST …/restart, …/replay). A run's attempts are `attempt`.
const k = useKestra();
const restart = (id: string) => restartExecution(k.t.deps.db, id, "test");

describe("restart (RestartCaseTest)", () => {
  it("restartFailedThenSuccess: restart_last_failed.yaml fails at c (3 task runs); restarted in place it ends SUCCESS with 4 task runs, c at 2 attempts", async () => {
    await k.load("restart_last_failed.yaml");
    const first = await k.run(TESTS, "restart_last_failed");
    expect([first.state, first.taskRuns.length, first.taskRuns[2].state]).toEqual([State.FAILED, 3, State.FAILED]);
    const restarted = await restart(first.id);
    expect(restarted.id).toBe(first.id);
    const e = await k.ended(first.id);
    expect(e.replayOf).toBeNull();
    expect(e.taskRuns).toHaveLength(4);
    expect(e.taskRuns[2].attempt).toBe(2);
    expect(e.taskRuns.map((r) => r.state)).toEqual(Array(4).fill(State.SUCCESS));
    expect(e.state).toBe(State.SUCCESS);
  });

  it("restartFailedThenFailureWithGlobalErrors: restart_always_failed.yaml fails with its errors handler (2 task runs); restarted it fails again: 2 task runs, failStep at 2 attempts", async () => {
    await k.load("restart_always_failed.yaml");
    const first = await k.run(TESTS, "restart_always_failed");
    expect([first.state, first.taskRuns.length, first.taskRuns[0].state]).toEqual([State.FAILED, 2, State.FAILED]);
    await restart(first.id);
    const e = await k.ended(first.id);
    expect([e.state, e.taskRuns.length, e.taskRuns[0].attempt]).toEqual([State.FAILED, 2, 2]);
  });

  it("restartFailedThenFailureWithLocalErrors: restart_local_errors.yaml fails at failStep (5 task runs, the 4th FAILED); restarted it fails again: 5 task runs, failStep at 2 attempts", async () => {
    await k.load("restart_local_errors.yaml");
    const first = await k.run(TESTS, "restart_local_errors");
    expect([first.state, first.taskRuns.length, first.taskRuns[3].state]).toEqual([State.FAILED, 5, State.FAILED]);
    await restart(first.id);
    const e = await k.ended(first.id);
    expect([e.state, e.taskRuns.length, runOf(e, "failStep").attempt]).toEqual([State.FAILED, 5, 2]);
  });

  it("restartMultiple: failed-first.yaml fails (1 task run), and fails again after each of two restarts", async () => {
    await k.load("failed-first.yaml");
    const first = await k.run(TESTS, "failed-first");
    expect([first.state, first.taskRuns.length]).toEqual([State.FAILED, 1]);
    await restart(first.id);
    expect((await k.ended(first.id)).state).toBe(State.FAILED);
    await restart(first.id);
    expect((await k.ended(first.id)).state).toBe(State.FAILED);
  });

  it("replay: restart-each.yaml ends SUCCESS; replayed from 2_end it is a new execution of the same flow, linked to the first, SUCCESS", async () => {
    await k.load("restart-each.yaml");
    const first = await k.runUnchecked(TESTS, "restart-each");
    expect(first.state).toBe(State.SUCCESS);
    const replay = await replayExecution(k.t.deps.db, first.id, runWithValues(first, "2_end", []).id, "test");
    expect(replay.id).not.toBe(first.id);
    const e = await k.ended(replay.id);
    expect([e.replayOf, e.state]).toEqual([first.id, State.SUCCESS]);
  });
});
