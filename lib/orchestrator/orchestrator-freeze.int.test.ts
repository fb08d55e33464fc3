import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createExecution } from "../executions/create-execution";
import { Executor } from "./executor";
import type { ExecutorDeps } from "../deps/executor-deps";
import { saveFlow } from "../flows/save-flow";
import { readLogs } from "../logs/read-logs";
import type { ChildOfTest } from "../testing/start-child";
import { startExecutor } from "../testing/start-executor";
import { leftoverContainers, waitForEnd } from "../testing/run-flow";
import { createTestDeps } from "../testing/test-deps";
import { countedLines, countingFlow } from "../testing/counting-flow";

// Two servers on one database; the one running an execution is frozen (SIGSTOP) past its lease, as
// on a starved machine, while the other takes the execution over; then it is thawed. The late owner
// must write nothing: no task run made twice, no line stored twice, its successor's container untouched.
const LEASE = { OSPREY_LEASE_MS: "3000", OSPREY_POLL_MS: "100" };
let deps: ExecutorDeps;
let frozen: ChildOfTest;
let successor: Executor;

const FLOW = `${countingFlow("frozen_owner", "it.freeze", 60)}  - id: last\n    type: io.kestra.plugin.core.log.Log\n    message: the end\n`;

let flow: { namespace: string; id: string };

beforeAll(async () => {
  deps = await createTestDeps({ ...LEASE, OSPREY_WORKER_NAME: "owner-b" });
  flow = await saveFlow(deps.db, FLOW, { create: true });
  frozen = await startExecutor({
    ...LEASE,
    DATABASE_URL: deps.config.DATABASE_URL,
    OSPREY_STORAGE_DIR: deps.config.OSPREY_STORAGE_DIR,
    OSPREY_WORKER_NAME: "owner-a",
  });
});

afterAll(async () => {
  await successor?.stop();
  await frozen?.stop();
  await deps.db.$disconnect();
  await deps.templates.close();
});

const numbers = async (id: string) =>
  (await readLogs(deps.db, id, { limit: 10_000 })).map((l) => l.message).filter((m) => m.startsWith("n="));

describe("an owner frozen past its lease, then thawed", () => {
  it("lets its successor finish: every task run made once, every line stored once, the container left alone", async () => {
    const { id } = await createExecution(deps.db, flow.namespace, flow.id);
    await expect
      .poll(async () => (await deps.db.execution.findUniqueOrThrow({ where: { id } })).ownerId, { timeout: 30_000 })
      .toBe("owner-a");
    await expect.poll(async () => (await numbers(id)).length, { timeout: 30_000 }).toBeGreaterThanOrEqual(5);

    frozen.freeze();
    successor = new Executor(deps);
    successor.start();
    // The successor takes the execution over once the frozen owner's lease has run out, and reattaches.
    await expect
      .poll(async () => (await deps.db.execution.findUniqueOrThrow({ where: { id } })).ownerId, { timeout: 30_000 })
      .toBe("owner-b");
    await expect
      .poll(
        async () =>
          (await readLogs(deps.db, id, { limit: 10_000 })).some((l) => l.message.startsWith("Reattached to container")),
        { timeout: 30_000 },
      )
      .toBe(true);
    frozen.thaw();

    const execution = await waitForEnd(deps, id, 60_000);
    expect(execution.state).toBe("SUCCESS");
    expect(await numbers(id)).toEqual(countedLines(60));
    const runs = await deps.db.taskRun.findMany({ where: { executionId: id }, orderBy: { position: "asc" } });
    expect(runs.map((r) => [r.taskId, r.state, r.attempt])).toEqual([
      ["count", "SUCCESS", 1],
      ["after", "SUCCESS", 1],
      ["last", "SUCCESS", 1],
    ]);
    expect(runs.every((r) => r.workerId === "owner-b")).toBe(true);
    // The thawed owner is alive and let go: a while later it has still written nothing.
    await new Promise((r) => setTimeout(r, 3_000));
    expect(frozen.alive()).toBe(true);
    expect(await deps.db.taskRun.count({ where: { executionId: id } })).toBe(3);
    expect((await deps.db.execution.findUniqueOrThrow({ where: { id } })).ownerId).toBe("owner-b");
    await expect.poll(async () => (await leftoverContainers(deps)).length, { timeout: 15_000 }).toBe(0);
  });
});
