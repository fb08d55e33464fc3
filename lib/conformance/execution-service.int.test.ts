import { describe, expect, it } from "vitest";
import { State } from "../states/states";
import { replayExecution, restartExecution } from "../executions/restart-execution";
import { type Execution, runWithValues, TESTS, useKestraStepwise } from "./kestra-harness";

// Kestra's ExecutionServiceTest, on its flows of core/src/test/resources/flows/valids: it looks at an
// execution right after restart() or replay(), before it runs again, so nothing runs in the
// background here. Kestra marks what runs again RESTARTED, a state Osprey does not have
// (lib/states/states.ts, KESTRA_ONLY_STATES): a task run that runs again is CREATED, a flowable
// that goes on RUNNING, and so is the execution. Kestra's state histories are not kept by Osprey.
const k = useKestraStepwise();
const AGAIN = State.CREATED;

async function ranOnce(file: string, flowId: string, inputs?: Record<string, unknown>): Promise<Execution> {
  await k.load(file);
  return k.settle(await k.startUnchecked(TESTS, flowId, inputs));
}

const replay = async (e: Execution, taskRunId: string | undefined) =>
  k.get((await replayExecution(k.t.deps.db, e.id, taskRunId, "test")).id);

describe("restart (ExecutionServiceTest)", () => {
  it("restartSimple: restart_last_failed.yaml restarted keeps its id and 3 task runs, the failed one (same id) runs again", async () => {
    const e = await ranOnce("restart_last_failed.yaml", "restart_last_failed");
    expect([e.taskRuns.length, e.state]).toEqual([3, State.FAILED]);
    await restartExecution(k.t.deps.db, e.id, "test");
    const restarted = await k.get(e.id);
    expect([restarted.state, restarted.taskRuns.length]).toEqual([AGAIN, 3]);
    expect([restarted.taskRuns[2].id, restarted.taskRuns[2].state]).toEqual([e.taskRuns[2].id, AGAIN]);
    expect((await k.settle(e.id)).state).toBe(State.SUCCESS);
  });

  it("restartFlowable, restartFlowable2: restart-each.yaml failing FIRST or SECOND restarts several task runs and resumes several flowables", async () => {
    for (const failed of ["FIRST", "SECOND"]) {
      const e = await ranOnce("restart-each.yaml", "restart-each", { failed });
      expect(e.state, failed).toBe(State.FAILED);
      await restartExecution(k.t.deps.db, e.id, "test");
      const restarted = await k.get(e.id);
      expect(restarted.state, failed).toBe(AGAIN);
      expect(restarted.taskRuns.filter((r) => r.state === AGAIN).length, failed).toBeGreaterThan(1);
      expect(restarted.taskRuns.filter((r) => r.state === State.RUNNING).length, failed).toBeGreaterThan(1);
    }
  });

  it("restartDynamic: working-directory.yaml failing (3 task runs) restarts from its WorkingDirectory, the first task run", async () => {
    const e = await ranOnce("working-directory.yaml", "working-directory", { failed: "true" });
    expect([e.taskRuns.length, e.state]).toEqual([3, State.FAILED]);
    await restartExecution(k.t.deps.db, e.id, "test");
    const restarted = await k.get(e.id);
    expect(restarted.state).toBe(AGAIN);
    expect([State.RUNNING, AGAIN]).toContain(restarted.taskRuns[0].state);
    expect(restarted.taskRuns[0].taskId).toBe("worker");
  });
});

describe("replay (ExecutionServiceTest)", () => {
  it("replayFromBeginning: logs.yaml replayed without a task run is a new CREATED execution of the same flow, with no task run", async () => {
    const e = await ranOnce("logs.yaml", "logs");
    expect([e.taskRuns.length, e.state]).toEqual([5, State.SUCCESS]);
    const r = await replay(e, undefined);
    expect(r.id).not.toBe(e.id);
    expect([r.namespace, r.flowId, r.state, r.taskRuns.length]).toEqual([TESTS, "logs", State.CREATED, 0]);
  });

  it("replaySimple: logs.yaml replayed from its 2nd task run: 2 task runs (new ids), the 2nd runs again", async () => {
    const e = await ranOnce("logs.yaml", "logs");
    const r = await replay(e, e.taskRuns[1].id);
    expect([r.state, r.taskRuns.length, r.taskRuns[1].state]).toEqual([AGAIN, 2, AGAIN]);
    expect(r.id).not.toBe(e.id);
    expect(r.taskRuns[1].id).not.toBe(e.taskRuns[1].id);
  });

  it("replayFlowable: restart-each.yaml (NO failure, 20 task runs) replayed from 2_end: 20 task runs, the 20th runs again", async () => {
    const e = await ranOnce("restart-each.yaml", "restart-each", { failed: "NO" });
    expect([e.taskRuns.length, e.state]).toEqual([20, State.SUCCESS]);
    const r = await replay(e, runWithValues(e, "2_end", []).id);
    expect([r.taskRuns.length, r.taskRuns[19].state]).toEqual([20, AGAIN]);
    expect(r.taskRuns[1].id).not.toBe(e.taskRuns[1].id);
  });

  // D7 (fixed): replay keeps every task run but those that follow the replayed one in the flow's graph
  // (lib/engine/replay-successors.ts, as Kestra's GraphUtils.successors).
  it("replayParallel: parallel-nested.yaml (11 task runs) replayed from 1-3-2_par: 8 task runs, 1-3-2_par RUNNING", async () => {
    const e = await ranOnce("parallel-nested.yaml", "parallel-nested");
    expect([e.taskRuns.length, e.state]).toEqual([11, State.SUCCESS]);
    const r = await replay(e, runWithValues(e, "1-3-2_par", []).id);
    expect(r.taskRuns).toHaveLength(8);
    expect(runWithValues(r, "1-3-2_par", []).state).toBe(State.RUNNING);
  });

  // D7 (fixed), as above: a sequential loop drops its later iterations, keeps runs of earlier tasks.
  it("replayEachSeq, replayEachSeq2: each-sequential-nested.yaml (23) replayed from 1-2_each[s1]: 5 task runs; from 1-2-1_return[s1, a a]: 6; 1-2_each[s1] RUNNING", async () => {
    const e = await ranOnce("each-sequential-nested.yaml", "each-sequential-nested");
    expect([e.taskRuns.length, e.state]).toEqual([23, State.SUCCESS]);
    const fromEach = await replay(e, runWithValues(e, "1-2_each", ["s1"]).id);
    expect(fromEach.taskRuns).toHaveLength(5);
    expect(runWithValues(fromEach, "1-2_each", ["s1"]).state).toBe(State.RUNNING);
    const fromReturn = await replay(e, runWithValues(e, "1-2-1_return", ["s1", "a a"]).id);
    expect(fromReturn.taskRuns).toHaveLength(6);
    expect(runWithValues(fromReturn, "1-2_each", ["s1"]).state).toBe(State.RUNNING);
  });

  // D7 (fixed), as above: other values of a parallel loop stay.
  it("replayEachPara: each-parallel-nested.yaml (11) replayed from 2-1_seq[value 1]: 8 task runs, 2-1_seq[value 1] RUNNING", async () => {
    const e = await ranOnce("each-parallel-nested.yaml", "each-parallel-nested");
    expect([e.taskRuns.length, e.state]).toEqual([11, State.SUCCESS]);
    const r = await replay(e, runWithValues(e, "2-1_seq", ["value 1"]).id);
    expect(r.taskRuns).toHaveLength(8);
    expect(runWithValues(r, "2-1_seq", ["value 1"]).state).toBe(State.RUNNING);
  });
});
