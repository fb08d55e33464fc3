import { describe, expect, it } from "vitest";
import { State } from "../states/states";
import { findTriggerState, setTriggerDisabled } from "../triggers/trigger-state-toggle";
import { type Execution, outputsOf, useKestra } from "./kestra-harness";

// Kestra's FlowTriggerCaseTest, MultipleConditionTriggerCaseTest (run by JdbcRunnerTest, today
// AbstractRunnerTest) and ToggleTest, on their flows of core/src/test/resources/flows/valids.
const k = useKestra();
const TRIGGER = "io.kestra.tests.trigger";

/** Runs an upstream flow, then lets the executor evaluate the Flow triggers its end fires. */
async function upstream(namespace: string, flowId: string): Promise<Execution> {
  const e = await k.run(namespace, flowId);
  await k.t.executor.idle();
  return e;
}

/**
 * The executions of a listening flow once there are `count`, each waited to its end; with `upstreamId`,
 * only those it started (the file's database keeps what earlier tests started).
 */
async function listened(namespace: string, flowId: string, count: number, upstreamId?: string): Promise<Execution[]> {
  const started = async () =>
    (await k.executionsOf(namespace, flowId)).filter((e) => !upstreamId || triggerOf(e).executionId === upstreamId);
  await expect.poll(async () => (await started()).length, { timeout: 15_000 }).toBe(count);
  return Promise.all((await started()).map((e) => k.ended(e.id)));
}

const triggerOf = (e: Execution) => e.trigger as Record<string, unknown>;

describe("Flow trigger (FlowTriggerCaseTest)", () => {
  it("trigger: trigger-flow.yaml's SUCCESS starts trigger-flow-listener-no-inputs.yaml once, 1 task run, SUCCESS, with the trigger's executionId, namespace and flowId", async () => {
    await k.load("trigger-flow-listener-no-inputs.yaml", "trigger-flow.yaml");
    const execution = await upstream(TRIGGER, "trigger-flow");
    expect([execution.taskRuns.length, execution.state]).toEqual([1, State.SUCCESS]);
    const [noInput] = await listened(TRIGGER, "trigger-flow-listener-no-inputs", 1);
    expect([noInput.taskRuns.length, noInput.state]).toEqual([1, State.SUCCESS]);
    expect(triggerOf(noInput)).toMatchObject({ executionId: execution.id, namespace: TRIGGER, flowId: "trigger-flow" });
  });

  it("trigger: trigger-flow-listener.yaml runs once after trigger-flow.yaml, 1 task run, SUCCESS, returning 'childs: from parents: <upstream id>'", async () => {
    await k.load("trigger-flow-listener.yaml", "trigger-flow.yaml");
    const execution = await upstream(TRIGGER, "trigger-flow");
    const [listener] = await listened(TRIGGER, "trigger-flow-listener", 1);
    expect([listener.taskRuns.length, listener.state]).toEqual([1, State.SUCCESS]);
    expect(outputsOf(listener.taskRuns[0]).value).toBe(`childs: from parents: ${execution.id}`);
    expect(triggerOf(listener)).toMatchObject({
      executionId: execution.id,
      namespace: TRIGGER,
      flowId: "trigger-flow",
    });
  });

  it("trigger: trigger-flow-listener-namespace-condition.yaml (any SUCCESS in the namespace) runs once after trigger-flow.yaml, 1 task run", async () => {
    await k.load(
      "trigger-flow-listener-no-inputs.yaml",
      "trigger-flow-listener.yaml",
      "trigger-flow-listener-namespace-condition.yaml",
      "trigger-flow.yaml",
    );
    await upstream(TRIGGER, "trigger-flow");
    await k.t.executor.idle();
    const runs = await k.executionsOf(TRIGGER, "trigger-flow-listener-namespace-condition");
    expect(runs.length).toBeGreaterThanOrEqual(1);
    const first = await k.ended(runs[0].id);
    expect([first.taskRuns.length, triggerOf(first).namespace]).toEqual([1, TRIGGER]);
    expect(["trigger-flow", "trigger-flow-listener-no-inputs", "trigger-flow-listener"]).toContain(
      triggerOf(first).flowId,
    );
  });

  it("triggerWithPause: trigger-flow-with-pause.yaml ends SUCCESS with 3 task runs, and trigger-flow-listener-with-pause.yaml hears its end (status SUCCESS)", async () => {
    await k.load("trigger-flow-listener-with-pause.yaml", "trigger-flow-with-pause.yaml");
    const execution = await upstream(`${TRIGGER}.pause`, "trigger-flow-with-pause");
    expect([execution.taskRuns.length, execution.state]).toEqual([3, State.SUCCESS]);
    await expect
      .poll(async () => (await k.executionsOf(`${TRIGGER}.pause`, "trigger-flow-listener-with-pause")).length, {
        timeout: 15_000,
      })
      .toBeGreaterThan(0);
    const runs = await k.executionsOf(`${TRIGGER}.pause`, "trigger-flow-listener-with-pause");
    const statuses = await Promise.all(runs.map(async (r) => (await k.ended(r.id)).outputs?.status));
    expect(statuses).toContain(State.SUCCESS);
  });

  it("triggerWithPause: the listener runs 4 times, its status output RUNNING twice, PAUSED and SUCCESS", async () => {
    await k.load("trigger-flow-listener-with-pause.yaml", "trigger-flow-with-pause.yaml");
    const execution = await upstream(`${TRIGGER}.pause`, "trigger-flow-with-pause");
    const runs = await listened(`${TRIGGER}.pause`, "trigger-flow-listener-with-pause", 4, execution.id);
    // Kestra asserts the count of each status (2 RUNNING, a PAUSED, a SUCCESS), not their order.
    expect(runs.map((r) => r.outputs?.status).sort()).toEqual(
      [State.PAUSED, State.RUNNING, State.RUNNING, State.SUCCESS].sort(),
    );
  });
});

describe("MultipleCondition and preconditions (MultipleConditionTriggerCaseTest)", () => {
  it("trigger: trigger-multiplecondition-listener.yaml starts only once both flow-a and flow-b succeeded, with flow-b's execution as its trigger", async () => {
    await k.load(
      "trigger-multiplecondition-listener.yaml",
      "trigger-multiplecondition-flow-a.yaml",
      "trigger-multiplecondition-flow-b.yaml",
    );
    const a = await upstream(TRIGGER, "trigger-multiplecondition-flow-a");
    expect([a.taskRuns.length, a.state]).toEqual([1, State.SUCCESS]);
    await new Promise((r) => setTimeout(r, 1000));
    expect(await k.executionsOf(TRIGGER, "trigger-multiplecondition-listener")).toHaveLength(0);
    const b = await upstream(TRIGGER, "trigger-multiplecondition-flow-b");
    expect([b.taskRuns.length, b.state]).toEqual([1, State.SUCCESS]);
    const [listener] = await listened(TRIGGER, "trigger-multiplecondition-listener", 1);
    expect([listener.taskRuns.length, listener.state]).toEqual([1, State.SUCCESS]);
    expect(triggerOf(listener)).toMatchObject({
      executionId: b.id,
      namespace: TRIGGER,
      flowId: "trigger-multiplecondition-flow-b",
    });
  });

  it("failed: after flow-c FAILED nothing runs; after flow-d SUCCESS, trigger-flow-listener-namespace-condition.yaml runs SUCCESS", async () => {
    await k.load(
      "trigger-flow-listener-namespace-condition.yaml",
      "trigger-multiplecondition-flow-c.yaml",
      "trigger-multiplecondition-flow-d.yaml",
    );
    const c = await upstream(TRIGGER, "trigger-multiplecondition-flow-c");
    expect([c.taskRuns.length, c.state]).toEqual([1, State.FAILED]);
    // Flow triggers are evaluated in the move that ended it: anything it started exists by now.
    const fromC = (await k.executionsOf(TRIGGER, "trigger-flow-listener-namespace-condition")).filter(
      (e) => triggerOf(e).executionId === c.id,
    );
    expect(fromC).toHaveLength(0);
    const d = await upstream(TRIGGER, "trigger-multiplecondition-flow-d");
    expect([d.taskRuns.length, d.state]).toEqual([1, State.SUCCESS]);
    const [listener] = await listened(TRIGGER, "trigger-flow-listener-namespace-condition", 1, d.id);
    expect(listener.state).toBe(State.SUCCESS);
  });

  it("flowTriggerPreconditions: flow-a twice, then flow-b: flow-trigger-preconditions-flow-listen.yaml runs, 1 task run, SUCCESS", async () => {
    const ns = `${TRIGGER}.preconditions`;
    await k.load(
      "flow-trigger-preconditions-flow-listen.yaml",
      "flow-trigger-preconditions-flow-a.yaml",
      "flow-trigger-preconditions-flow-b.yaml",
    );
    for (const flowId of ["flow-trigger-preconditions-flow-a", "flow-trigger-preconditions-flow-a"]) {
      const e = await upstream(ns, flowId);
      expect([e.taskRuns.length, e.state]).toEqual([1, State.SUCCESS]);
    }
    const b = await upstream(ns, "flow-trigger-preconditions-flow-b");
    expect([b.taskRuns.length, b.state]).toEqual([1, State.SUCCESS]);
    const runs = await k.executionsOf(ns, "flow-trigger-preconditions-flow-listen");
    expect(runs.length).toBeGreaterThanOrEqual(1);
    const listener = await k.ended(runs[0].id);
    expect([listener.taskRuns.length, listener.state]).toEqual([1, State.SUCCESS]);
  });
});

describe("trigger.Toggle (ToggleTest)", () => {
  it("trigger-toggle.yaml switches its disabled schedule trigger back on: 1 task run, SUCCESS, the trigger enabled", async () => {
    await k.load("trigger-toggle.yaml");
    await setTriggerDisabled(k.t.deps.db, TRIGGER, "trigger-toggle", "schedule", true);
    const e = await k.run(TRIGGER, "trigger-toggle");
    expect([e.state, e.taskRuns.length]).toEqual([State.SUCCESS, 1]);
    expect((await findTriggerState(k.t.deps.db, TRIGGER, "trigger-toggle", "schedule")).disabled).toBe(false);
  });
});
