import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createExecution } from "../executions/create-execution";
import { Executor } from "../orchestrator/executor";
import type { ExecutorDeps } from "../deps/executor-deps";
import { saveFlow } from "../flows/save-flow";
import { readLogs } from "../logs/read-logs";
import { leftoverContainers, waitForEnd } from "../testing/run-flow";
import { startWorker, type WorkerProcess } from "../testing/start-worker";
import { createTestDeps } from "../testing/test-deps";
import { countedLines, countingFlow } from "../testing/counting-flow";

// Worker processes share their work through PostgreSQL (a worker refuses SQLite): this runs in the
// suite's PostgreSQL pass. A web server hands a task to two workers on one engine; the one running
// it is frozen (SIGSTOP) past its lease, as on a starved machine, the other takes it over and
// reattaches; then the frozen one is thawed. It must let go: no line twice, its successor's container
// neither killed nor removed under it.
const POSTGRES = Boolean(process.env.OSPREY_TEST_POSTGRES_URL);
const LEASE = { OSPREY_LEASE_MS: "3000", OSPREY_POLL_MS: "100" };
let deps: ExecutorDeps;
let executor: Executor;
const workers = new Map<string, WorkerProcess>();

const FLOW = countingFlow("frozen_worker", "it.freeze", 80);

describe.skipIf(!POSTGRES)(
  "a worker frozen past its lease, then thawed (PostgreSQL pass: workers need PostgreSQL)",
  () => {
    beforeAll(async () => {
      deps = await createTestDeps({ ...LEASE, OSPREY_ROLE: "web", OSPREY_WORKER_NAME: "web-freeze" });
      await saveFlow(deps.db, FLOW, { create: true });
      for (const name of ["freeze-1", "freeze-2"])
        workers.set(name, await startWorker(deps.config.DATABASE_URL, name, LEASE));
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
    const holderOf = async (id: string) =>
      (await deps.db.taskRun.findFirst({ where: { executionId: id, taskId: "count" } }))?.workerId ?? null;

    it("lets the worker that took over finish: every line once, one attempt, its container untouched", async () => {
      const { id } = await createExecution(deps.db, "it.freeze", "frozen_worker");
      executor.wake();
      await expect.poll(async () => (await numbers(id)).length, { timeout: 60_000 }).toBeGreaterThanOrEqual(10);
      const victim = (await holderOf(id))!;
      const survivor = victim === "freeze-1" ? "freeze-2" : "freeze-1";
      workers.get(victim)!.freeze();

      await expect.poll(() => holderOf(id), { timeout: 30_000 }).toBe(survivor);
      await expect
        .poll(
          async () =>
            (await readLogs(deps.db, id, { limit: 10_000 })).some((l) =>
              l.message.startsWith("Reattached to container"),
            ),
          { timeout: 30_000 },
        )
        .toBe(true);
      workers.get(victim)!.thaw();

      const execution = await waitForEnd(deps, id, 90_000);
      expect(execution.state).toBe("SUCCESS");
      expect(await numbers(id)).toEqual(countedLines(80));
      const count = await deps.db.taskRun.findFirstOrThrow({ where: { executionId: id, taskId: "count" } });
      expect([count.state, count.attempt, count.exitCode, count.workerId]).toEqual(["SUCCESS", 1, 0, survivor]);
      expect(await deps.db.taskRun.count({ where: { executionId: id } })).toBe(2);
      await expect.poll(async () => (await leftoverContainers(deps)).length, { timeout: 15_000 }).toBe(0);
    });
  },
);
