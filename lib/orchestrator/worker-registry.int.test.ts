import { describe, expect, it } from "vitest";
import { useTestExecutor } from "../testing/test-executor";
import { listWorkers, reportWorker } from "./worker-registry";

const t = useTestExecutor({ OSPREY_WORKER_NAME: "it-worker" });

describe("the workers registry", () => {
  it("shows a running executor alive with its engine and capacity, and one that stopped reporting as lost", async () => {
    for (let i = 0; i < 100 && !(await t.deps.db.worker.findUnique({ where: { name: "it-worker" } })); i++)
      await new Promise((r) => setTimeout(r, 50));
    const now = new Date();
    await reportWorker(
      t.deps.db,
      {
        name: "gone",
        engine: "tcp://10.0.0.9:2375",
        capacity: 8,
        running: 3,
        startedAt: new Date(now.getTime() - 3_600_000),
      },
      new Date(now.getTime() - 120_000),
    );
    const workers = await listWorkers(t.deps.db, 30_000, now);
    expect(workers.find((w) => w.name === "it-worker")).toMatchObject({
      engine: "local socket",
      capacity: t.deps.config.OSPREY_CONCURRENCY,
      running: 0,
      lost: false,
    });
    expect(workers.find((w) => w.name === "gone")).toMatchObject({
      engine: "tcp://10.0.0.9:2375",
      running: 3,
      lost: true,
    });
  });
});
