import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createExecution } from "../executions/create-execution";
import { Executor } from "./executor";
import type { ExecutorDeps } from "../deps/executor-deps";
import { saveFlow } from "../flows/save-flow";
import { readLogs } from "../logs/read-logs";
import { waitForEnd } from "../testing/run-flow";
import { createTestDeps } from "../testing/test-deps";

// What one flow author can make the server do is bounded, each bound with a setting and a clear
// error; executions that only wait hold no slot, and one namespace at its cap holds no other back.
const CAPS = {
  OSPREY_MAX_FOREACH_VALUES: "50",
  OSPREY_MAX_PARALLEL_TASKS: "3",
  OSPREY_MAX_TASK_RUNS_PER_EXECUTION: "20",
  OSPREY_MAX_SUBFLOW_DEPTH: "3",
  OSPREY_MAX_RUNNING_EXECUTIONS: "2",
  OSPREY_CONCURRENCY: "2",
  OSPREY_NAMESPACE_MAX_RUNNING: "2",
};
let deps: ExecutorDeps;
let executor: Executor;

beforeAll(async () => {
  deps = await createTestDeps(CAPS);
  executor = new Executor(deps);
  executor.start();
});

afterAll(async () => {
  await executor.stop();
  await deps.db.$disconnect();
  await deps.templates.close();
});

async function start(yaml: string) {
  const flow = await saveFlow(deps.db, yaml, { create: true });
  const { id } = await createExecution(deps.db, flow.namespace, flow.id);
  executor.wake();
  return id;
}

async function run(yaml: string) {
  const execution = await waitForEnd(deps, await start(yaml), 90_000);
  return { execution, messages: (await readLogs(deps.db, execution.id, { limit: 10_000 })).map((l) => l.message) };
}

const log = (id: string, message = "x", indent = "  ") =>
  `${indent}- id: ${id}\n${indent}  type: io.kestra.plugin.core.log.Log\n${indent}  message: "${message}"\n`;
const list = (n: number) => JSON.stringify(Array.from({ length: n }, (_, i) => i + 1));

describe("caps on what one flow may ask", () => {
  it("a ForEach over more values than OSPREY_MAX_FOREACH_VALUES fails, naming the setting", async () => {
    const { execution } = await run(
      `id: many_values\nnamespace: it.caps\ntasks:\n  - id: each\n    type: io.kestra.plugin.core.flow.ForEach\n    values: ${list(51)}\n    tasks:\n${log("item", "{{ taskrun.value }}", "      ")}`,
    );
    expect(execution.state).toBe("FAILED");
    expect(execution.error).toMatch(/51 values: more than the 50 .*OSPREY_MAX_FOREACH_VALUES/);
    expect(execution.taskRuns).toHaveLength(1);
  });

  it("a Parallel of more tasks than OSPREY_MAX_PARALLEL_TASKS fails, naming the setting", async () => {
    const { execution } = await run(
      `id: wide\nnamespace: it.caps\ntasks:\n  - id: fan\n    type: io.kestra.plugin.core.flow.Parallel\n    tasks:\n${[1, 2, 3, 4].map((i) => log(`p${i}`, "x", "      ")).join("")}`,
    );
    expect(execution.state).toBe("FAILED");
    expect(execution.error).toMatch(/4 tasks side by side: more than 3 \(OSPREY_MAX_PARALLEL_TASKS\)/);
  });

  it("an execution that would make more task runs than OSPREY_MAX_TASK_RUNS_PER_EXECUTION fails, naming the setting", async () => {
    const { execution } = await run(
      `id: many_runs\nnamespace: it.caps\ntasks:\n  - id: each\n    type: io.kestra.plugin.core.flow.ForEach\n    values: ${list(30)}\n    concurrencyLimit: 0\n    tasks:\n${log("item", "{{ taskrun.value }}", "      ")}`,
    );
    expect(execution.state).toBe("FAILED");
    expect(execution.error).toMatch(/more than 20 task runs \(OSPREY_MAX_TASK_RUNS_PER_EXECUTION\)/);
    expect(execution.taskRuns.length).toBeLessThanOrEqual(20);
  });

  it("a flow that calls itself stops at OSPREY_MAX_SUBFLOW_DEPTH, waiting parents holding no slot", async () => {
    // Four executions deep while only two may be busy at once: the waiting parents must not count.
    const { execution } = await run(
      `id: itself\nnamespace: it.depth\ntasks:\n  - id: again\n    type: io.kestra.plugin.core.flow.Subflow\n    namespace: it.depth\n    flowId: itself\n`,
    );
    expect(execution.state).toBe("FAILED");
    const all = await deps.db.execution.findMany({ where: { namespace: "it.depth" } });
    expect(all).toHaveLength(4);
    const deepest = all.find((e) => e.error?.includes("OSPREY_MAX_SUBFLOW_DEPTH"));
    expect(deepest?.error).toMatch(/at most 3 deep \(OSPREY_MAX_SUBFLOW_DEPTH\)/);
  });

  it("without wait, a flow that calls itself stops there too instead of starting executions without end", async () => {
    await run(
      `id: itself_nowait\nnamespace: it.depth2\ntasks:\n  - id: again\n    type: io.kestra.plugin.core.flow.Subflow\n    namespace: it.depth2\n    flowId: itself_nowait\n    wait: false\n`,
    );
    await expect
      .poll(
        async () =>
          deps.db.execution.count({ where: { namespace: "it.depth2", state: { in: ["CREATED", "RUNNING"] } } }),
        { timeout: 30_000 },
      )
      .toBe(0);
    expect(await deps.db.execution.count({ where: { namespace: "it.depth2" } })).toBe(4);
  });
});

describe("slots", () => {
  it("paused executions hold no slot: a run starts while more are paused than may run at once", async () => {
    await saveFlow(
      deps.db,
      `id: waits\nnamespace: it.slots\ntasks:\n  - id: gate\n    type: io.kestra.plugin.core.flow.Pause\n`,
      { create: true },
    );
    const paused: string[] = [];
    for (let i = 0; i < 4; i++) paused.push((await createExecution(deps.db, "it.slots", "waits")).id);
    executor.wake();
    await expect
      .poll(async () => deps.db.execution.count({ where: { id: { in: paused }, state: "PAUSED" } }), {
        timeout: 30_000,
      })
      .toBe(4);
    const { execution } = await run(`id: meanwhile\nnamespace: it.slots2\ntasks:\n${log("hello")}`);
    expect(execution.state).toBe("SUCCESS");
    for (const id of paused) await deps.db.execution.update({ where: { id }, data: { killedBy: "test" } });
    for (const id of paused) executor.kill(id, "test over");
    for (const id of paused) expect((await waitForEnd(deps, id, 30_000)).state).toBe("KILLED");
  });

  it("a namespace at OSPREY_NAMESPACE_MAX_RUNNING waits in its own queue: another namespace's run goes first", async () => {
    const sleepy = `id: sleepy\nnamespace: it.team_a\ntasks:\n  - id: nap\n    type: io.kestra.plugin.core.flow.Sleep\n    duration: PT2S\n`;
    await saveFlow(deps.db, sleepy, { create: true });
    const a: string[] = [];
    for (let i = 0; i < 6; i++) a.push((await createExecution(deps.db, "it.team_a", "sleepy")).id);
    executor.wake();
    await expect
      .poll(async () => deps.db.execution.count({ where: { id: { in: a }, state: "RUNNING" } }), { timeout: 10_000 })
      .toBe(2);
    const b = await start(`id: other_team\nnamespace: it.team_b\ntasks:\n${log("quick")}`);
    const most = { running: 0 };
    const sample = setInterval(
      () =>
        void deps.db.execution
          .count({ where: { id: { in: a }, state: "RUNNING" } })
          .then((n) => (most.running = Math.max(most.running, n))),
      50,
    );
    expect((await waitForEnd(deps, b, 30_000)).state).toBe("SUCCESS");
    // team_b's run ended while team_a still had runs waiting.
    expect(await deps.db.execution.count({ where: { id: { in: a }, state: "CREATED" } })).toBeGreaterThan(0);
    for (const id of a) expect((await waitForEnd(deps, id, 60_000)).state).toBe("SUCCESS");
    clearInterval(sample);
    expect(most.running).toBeLessThanOrEqual(2);
  });
});

describe("a ForEach of thousands of values", () => {
  it("runs every value once (each decision stays linear in the task runs)", async () => {
    const big = await createTestDeps({ OSPREY_MAX_FOREACH_VALUES: "10000" });
    const own = new Executor(big);
    own.start();
    try {
      const flow = await saveFlow(
        big.db,
        `id: thousands\nnamespace: it.big\ntasks:\n  - id: each\n    type: io.kestra.plugin.core.flow.ForEach\n    values: ${list(2000)}\n    concurrencyLimit: 50\n    tasks:\n${log("item", "{{ taskrun.value }}", "      ")}`,
        { create: true },
      );
      const { id } = await createExecution(big.db, flow.namespace, flow.id);
      own.wake();
      const execution = await waitForEnd(big, id, 240_000);
      expect(execution.state).toBe("SUCCESS");
      expect(execution.taskRuns).toHaveLength(2001);
      const values = (await readLogs(big.db, id, { limit: 10_000 }))
        .map((l) => l.message)
        .filter((m) => /^\d+$/.test(m));
      expect(new Set(values).size).toBe(2000);
    } finally {
      await own.stop();
      await big.db.$disconnect();
      await big.templates.close();
    }
  });
});
