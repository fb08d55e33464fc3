import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createExecution } from "../executions/create-execution";
import { Executor } from "../orchestrator/executor";
import type { ExecutorDeps } from "../deps/executor-deps";
import { saveFlow } from "../flows/save-flow";
import { readLogs } from "../logs/read-logs";
import { State } from "../states/states";
import { leftoverContainers, waitForEnd } from "../testing/run-flow";
import { startWorker, type WorkerProcess } from "../testing/start-worker";
import { createTestDeps } from "../testing/test-deps";
import { countedLines, countingFlow } from "../testing/counting-flow";

// Worker processes share their work through PostgreSQL (a worker refuses SQLite): this runs in the
// suite's PostgreSQL pass. Two real worker processes on one engine; the one running a long task is
// sent SIGTERM. The lease is a minute, longer than the task: a hand-over that waited for the lease
// to run out could not finish it in time; the drain hands it over at once.
const POSTGRES = Boolean(process.env.OSPREY_TEST_POSTGRES_URL);
const LEASE = { OSPREY_LEASE_MS: "60000", OSPREY_POLL_MS: "100" };
let deps: ExecutorDeps;
let executor: Executor;
const workers = new Map<string, WorkerProcess>();

const LONG = countingFlow("drained", "it.drain", 150);
const SHORT = countingFlow("drained_short", "it.drain", 20);

async function start(name: string, drainMs: string): Promise<void> {
  workers.set(name, await startWorker(deps.config.DATABASE_URL, name, { ...LEASE, OSPREY_DRAIN_MS: drainMs }));
}

describe.skipIf(!POSTGRES)("a worker told to stop drains (PostgreSQL pass: workers need PostgreSQL)", () => {
  beforeAll(async () => {
    deps = await createTestDeps({ ...LEASE, OSPREY_ROLE: "web", OSPREY_WORKER_NAME: "web-drain" });
    await saveFlow(deps.db, LONG, { create: true });
    await saveFlow(deps.db, SHORT, { create: true });
    executor = new Executor(deps);
    executor.start();
  });

  afterAll(async () => {
    await executor?.stop();
    await Promise.all([...workers.values()].map((w) => w.stop()));
    await deps?.db.$disconnect();
    await deps?.templates.close();
  });

  const numbers = async (id: string) =>
    (await readLogs(deps.db, id, { limit: 10_000 })).map((l) => l.message).filter((m) => m.startsWith("n="));
  const countRun = (id: string) => deps.db.taskRun.findFirst({ where: { executionId: id, taskId: "count" } });

  it("hands a task still running at the end of the drain to the other worker: it reattaches, every line once", async () => {
    await start("drain-1", "500");
    await start("drain-2", "500");
    const { id } = await createExecution(deps.db, "it.drain", "drained");
    executor.wake();
    await expect.poll(async () => (await numbers(id)).length, { timeout: 60_000 }).toBeGreaterThanOrEqual(10);
    const victim = (await countRun(id))!.workerId!;
    const survivor = victim === "drain-1" ? "drain-2" : "drain-1";
    // SIGTERM, and the process exits once drained.
    await workers.get(victim)!.stop();
    workers.delete(victim);
    await expect.poll(async () => (await countRun(id))?.workerId, { timeout: 30_000 }).toBe(survivor);

    const execution = await waitForEnd(deps, id, 45_000);
    expect(execution.state).toBe(State.SUCCESS);
    expect(await numbers(id)).toEqual(countedLines(150));
    const count = await deps.db.taskRun.findFirstOrThrow({ where: { executionId: id, taskId: "count" } });
    expect([count.state, count.attempt, count.exitCode, count.workerId]).toEqual([State.SUCCESS, 1, 0, survivor]);
    const messages = (await readLogs(deps.db, id, { limit: 10_000 })).map((l) => l.message);
    expect(messages.some((m) => m.startsWith("Reattached to container"))).toBe(true);
    // The drained worker no longer counts as alive.
    const row = await deps.db.worker.findUniqueOrThrow({ where: { name: victim } });
    expect(row.heartbeatAt.getTime()).toBeLessThan(Date.now() - 60_000);
    await expect.poll(async () => (await leftoverContainers(deps)).length, { timeout: 15_000 }).toBe(0);
  });

  it("lets a task that ends within the drain time end on the draining worker", async () => {
    // Both with a drain longer than the task, whichever claims it.
    await Promise.all([...workers.values()].map((w) => w.stop()));
    workers.clear();
    for (const name of ["drain-1", "drain-2"]) await start(name, "60000");
    const { id } = await createExecution(deps.db, "it.drain", "drained_short");
    executor.wake();
    await expect.poll(async () => (await numbers(id)).length, { timeout: 60_000 }).toBeGreaterThanOrEqual(3);
    const victim = (await countRun(id))!.workerId!;
    // Returns once the process exited: after the task ended there.
    await workers.get(victim)!.stop();
    workers.delete(victim);
    const count = (await countRun(id))!;
    expect([count.state, count.attempt, count.workerId]).toEqual([State.SUCCESS, 1, victim]);
    const execution = await waitForEnd(deps, id, 30_000);
    expect(execution.state).toBe(State.SUCCESS);
    expect(await numbers(id)).toEqual(countedLines(20));
  });
});
