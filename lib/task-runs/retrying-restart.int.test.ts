import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createExecution } from "../executions/create-execution";
import type { ExecutorDeps } from "../deps/executor-deps";
import { saveFlow } from "../flows/save-flow";
import { waitForEnd } from "../testing/run-flow";
import type { ChildOfTest } from "../testing/start-child";
import { startExecutor } from "../testing/start-executor";
import { createTestDeps } from "../testing/test-deps";

// A server that stops while a task waits between two attempts (RETRYING): started again, it goes
// on with the next attempt, instead of leaving the execution waiting for good.
let deps: ExecutorDeps;
let server: ChildOfTest | undefined;

beforeAll(async () => {
  deps = await createTestDeps();
  await saveFlow(
    deps.db,
    `id: waits_to_retry\nnamespace: it.retrying\ntasks:\n  - id: flaky\n    type: io.kestra.plugin.core.execution.Fail\n    condition: "{{ taskrun.attemptsCount == 0 }}"\n    retry: {type: constant, interval: PT1H, maxAttempts: 3}\n  - id: after\n    type: io.kestra.plugin.core.log.Log\n    message: after the retry\n`,
    { create: true },
  );
});

afterAll(async () => {
  await server?.stop();
  await deps.db.$disconnect();
  await deps.templates.close();
});

const env = () => ({
  DATABASE_URL: deps.config.DATABASE_URL,
  OSPREY_STORAGE_DIR: deps.config.OSPREY_STORAGE_DIR,
  OSPREY_WORKER_NAME: "retrying-server",
  OSPREY_POLL_MS: "100",
});

describe("a restart while a task waits to retry", () => {
  it("starts its next attempt at once", async () => {
    server = await startExecutor(env());
    const { id } = await createExecution(deps.db, "it.retrying", "waits_to_retry");
    await expect
      .poll(async () => (await deps.db.taskRun.findFirst({ where: { executionId: id, taskId: "flaky" } }))?.state, {
        timeout: 30_000,
      })
      .toBe("RETRYING");
    await server.stop();
    server = await startExecutor(env());
    const execution = await waitForEnd(deps, id, 60_000);
    expect(execution.state).toBe("SUCCESS");
    expect(execution.taskRuns.map((r) => [r.taskId, r.state, r.attempt])).toEqual([
      ["flaky", "SUCCESS", 2],
      ["after", "SUCCESS", 1],
    ]);
  });
});
