import { describe, expect, it } from "vitest";
import { State } from "../states/states";
import { TESTS, useKestra } from "./kestra-harness";

// Kestra's FlowConcurrencyCaseTest and SLATestCase (run by JdbcRunnerTest, today AbstractRunnerTest),
// on their flows of core/src/test/resources/flows/valids. Kestra checks the state history
// (CREATED, QUEUED, RUNNING); Osprey keeps none, so the QUEUED step is watched as it happens.
const k = useKestra();

/** runOneUntilRunning: started and holding its slot (RUNNING, or PAUSED for the Pause flows). */
async function holding(flowId: string): Promise<string> {
  const id = await k.start(TESTS, flowId);
  await expect
    .poll(async () => (await k.get(id)).state, { timeout: 15_000 })
    .toSatisfy((s: string) => s === State.RUNNING || s === State.PAUSED);
  return id;
}

/** The states an execution goes through, polled until it ends. */
async function watch(id: string): Promise<string[]> {
  const seen: string[] = [];
  for (const deadline = Date.now() + 30_000; Date.now() < deadline; ) {
    const { state } = await k.get(id);
    if (seen.at(-1) !== state) seen.push(state);
    if (state === State.SUCCESS || state === State.FAILED || state === State.CANCELLED) return seen;
    await new Promise((r) => setTimeout(r, 25));
  }
  return seen;
}

describe("flow concurrency (FlowConcurrencyCaseTest)", () => {
  it("flowConcurrencyCancel / flowConcurrencyFail: a second execution while the first runs ends CANCELLED (flow-concurrency-cancel.yml) or FAILED (flow-concurrency-fail.yml); the first ends SUCCESS", async () => {
    await k.load("flow-concurrency-cancel.yml", "flow-concurrency-fail.yml");
    for (const [flowId, second] of [
      ["flow-concurrency-cancel", State.CANCELLED],
      ["flow-concurrency-fail", State.FAILED],
    ] as const) {
      const first = await holding(flowId);
      expect((await k.run(TESTS, flowId)).state, flowId).toBe(second);
      expect((await k.ended(first)).state, flowId).toBe(State.SUCCESS);
    }
  });

  it("flowConcurrencyQueue / flowConcurrencyQueuePause: a second execution waits QUEUED, then runs and ends SUCCESS after the first (flow-concurrency-queue.yml, flow-concurrency-queue-pause.yml)", async () => {
    await k.load("flow-concurrency-queue.yml", "flow-concurrency-queue-pause.yml");
    for (const flowId of ["flow-concurrency-queue", "flow-concurrency-queue-pause"]) {
      const first = await holding(flowId);
      const seen = await watch(await k.start(TESTS, flowId));
      expect(seen, flowId).toContain(State.QUEUED);
      // Then it runs: RUNNING (a Pause flow may be seen PAUSED already, RUNNING being too short to poll).
      const after = seen.slice(seen.indexOf(State.QUEUED) + 1);
      expect(
        after.some((s) => s === State.RUNNING || s === State.PAUSED),
        flowId,
      ).toBe(true);
      expect(seen.at(-1), flowId).toBe(State.SUCCESS);
      expect((await k.ended(first)).state, flowId).toBe(State.SUCCESS);
    }
  });

  it("flowConcurrencyCancelPause: flow-concurrency-cancel-pause.yml's second execution, while the first is paused, ends CANCELLED without running", async () => {
    await k.load("flow-concurrency-cancel-pause.yml");
    const first = await holding("flow-concurrency-cancel-pause");
    const seen = await watch(await k.start(TESTS, "flow-concurrency-cancel-pause"));
    expect(seen.at(-1)).toBe(State.CANCELLED);
    expect(seen).not.toContain(State.RUNNING);
    expect((await k.ended(first)).state).toBe(State.SUCCESS);
  });
});

describe("SLA (SLATestCase)", () => {
  it("sla-max-duration-fail.yaml: FAILED; sla-max-duration-ok.yaml: SUCCESS; sla-execution-condition.yaml: SUCCESS, CANCELLED with string=CANCEL, SUCCESS with the label sla: violated with string=LABEL", async () => {
    await k.load("sla-execution-condition.yaml");
    const [fail, ok, pass, cancel, label] = await Promise.all([
      k.execute("sla-max-duration-fail.yaml"),
      k.execute("sla-max-duration-ok.yaml"),
      k.run(TESTS, "sla-execution-condition"),
      k.run(TESTS, "sla-execution-condition", { inputs: { string: "CANCEL" } }),
      k.run(TESTS, "sla-execution-condition", { inputs: { string: "LABEL" } }),
    ]);
    expect([fail.state, ok.state, pass.state, cancel.state]).toEqual([
      State.FAILED,
      State.SUCCESS,
      State.SUCCESS,
      State.CANCELLED,
    ]);
    expect(label.state).toBe(State.SUCCESS);
    expect(label.labels).toContainEqual({ key: "sla", value: "violated" });
  });
});
