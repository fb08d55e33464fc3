import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createExecution } from "../executions/create-execution";
import { Executor } from "../orchestrator/executor";
import type { ExecutorDeps } from "../deps/executor-deps";
import { saveFlow } from "../flows/save-flow";
import { readLogs } from "../logs/read-logs";
import { type OutagePostgres, outagePostgres } from "../testing/outage-postgres";
import { leftoverContainers, waitForEnd } from "../testing/run-flow";
import { startWorker, type WorkerProcess } from "../testing/start-worker";
import { createTestDeps } from "../testing/test-deps";
import { countedLines, countingFlow } from "../testing/counting-flow";
import { rideOutOutages } from "./ride-out-outages";

// PostgreSQL stopped for 30 s while a worker's task prints 300 numbered lines: the web server's
// executor and the worker process wait it out (nothing exits, nothing fails), and once the database
// is back every line is stored once and the flow goes on to its next task. Runs in the suite's
// PostgreSQL pass, on a cluster of its own (it stops it).
const POSTGRES = Boolean(process.env.OSPREY_TEST_POSTGRES_URL);
let pg: OutagePostgres;
let deps: ExecutorDeps;
let executor: Executor;
let worker: WorkerProcess;
const outages: boolean[] = [];

const FLOW = countingFlow("through_outage", "it.outage", 300, "0.03");

describe.skipIf(!POSTGRES)("a database outage of 30 s mid-run (PostgreSQL pass)", () => {
  beforeAll(async () => {
    pg = await outagePostgres();
    const base = await createTestDeps({ DATABASE_URL: pg.url, OSPREY_ROLE: "web", OSPREY_WORKER_NAME: "web-outage" });
    deps = { ...base, db: rideOutOutages(base.db, { giveUpAfterMs: 180_000, onOutage: (down) => outages.push(down) }) };
    await saveFlow(deps.db, FLOW, { create: true });
    worker = await startWorker(pg.url, "worker-outage");
    executor = new Executor(deps);
    executor.start();
  }, 180_000);

  afterAll(async () => {
    pg?.start();
    await executor?.stop();
    await worker?.stop();
    await deps?.db.$disconnect();
    await deps?.templates.close();
    pg?.stop();
  });

  it("every process rides it out: the execution ends SUCCESS with every line once, its next task run", async () => {
    const { id } = await createExecution(deps.db, "it.outage", "through_outage");
    executor.wake();
    const numbers = async () =>
      (await readLogs(deps.db, id, { limit: 10_000 })).map((l) => l.message).filter((m) => m.startsWith("n="));
    await expect.poll(async () => (await numbers()).length, { timeout: 60_000 }).toBeGreaterThanOrEqual(20);

    pg.stop();
    await new Promise((r) => setTimeout(r, 30_000));
    pg.start();

    const execution = await waitForEnd(deps, id, 120_000);
    expect(execution.state).toBe("SUCCESS");
    expect(await numbers()).toEqual(countedLines(300));
    expect(execution.taskRuns.map((t) => [t.taskId, t.state, t.attempt])).toEqual([
      ["count", "SUCCESS", 1],
      ["after", "SUCCESS", 1],
    ]);
    // The executor met the outage and waited; the worker process is still there, serving.
    expect(outages).toContain(true);
    expect(
      await deps.db.worker.findUniqueOrThrow({ where: { name: "worker-outage" } }).then((w) => w.heartbeatAt.getTime()),
    ).toBeGreaterThan(Date.now() - 60_000);
    const again = await createExecution(deps.db, "it.outage", "through_outage");
    executor.wake();
    expect((await waitForEnd(deps, again.id, 120_000)).state).toBe("SUCCESS");
    await expect.poll(async () => (await leftoverContainers(deps)).length, { timeout: 15_000 }).toBe(0);
  }, 300_000);
});
