import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDocker } from "../runner/docker/docker-client";
import type { ExecutorDeps } from "../deps/executor-deps";
import { checkHealth } from "../health/check-health";
import { createTestDeps } from "../testing/test-deps";
import { collectMetrics } from "./collect-metrics";
import { formatMetrics } from "./prometheus";

let deps: ExecutorDeps;
beforeAll(async () => {
  deps = await createTestDeps();
});
afterAll(async () => {
  await deps.db.$disconnect();
});

describe("metrics and health on the real database and engine", () => {
  it("counts executions by state, the queue, and task run durations of the last hour", async () => {
    const now = new Date();
    for (const state of ["SUCCESS", "SUCCESS", "FAILED", "CREATED"]) {
      await deps.db.execution.create({
        data: { id: randomUUID(), namespace: "m", flowId: "f", flowRevision: 1, source: "", state },
      });
    }
    const execution = await deps.db.execution.findFirstOrThrow({ where: { state: "FAILED" } });
    await deps.db.taskRun.create({
      data: {
        id: randomUUID(),
        executionId: execution.id,
        taskId: "t",
        position: 0,
        taskType: "io.kestra.plugin.scripts.shell.Commands",
        state: "FAILED",
        startedAt: new Date(now.getTime() - 3_000),
        endedAt: now,
      },
    });
    const text = formatMetrics(await collectMetrics(deps.db, now));
    expect(text).toContain('osprey_executions{state="SUCCESS"} 2');
    expect(text).toContain('osprey_executions{state="FAILED"} 1');
    expect(text).toMatch(/^osprey_queue_depth 1$/m);
    expect(text).toContain(
      'osprey_task_run_duration_seconds_bucket{type="io.kestra.plugin.scripts.shell.Commands",le="1"} 0',
    );
    expect(text).toContain(
      'osprey_task_run_duration_seconds_bucket{type="io.kestra.plugin.scripts.shell.Commands",le="5"} 1',
    );
    expect(text).toContain('osprey_task_run_duration_seconds_sum{type="io.kestra.plugin.scripts.shell.Commands"} 3');
  });

  it("reports a Docker engine that does not answer as down, the database up", async () => {
    expect(await checkHealth(deps.db, deps.docker)).toEqual({
      status: "UP",
      database: "UP",
      docker: "UP",
      storage: "UP",
    });
    const gone = createDocker("unix:///tmp/osprey-no-such-engine.sock");
    expect(await checkHealth(deps.db, gone)).toEqual({ status: "DOWN", database: "UP", docker: "DOWN", storage: "UP" });
  });

  it("reports a file store that does not answer (a missing bucket) as down", async () => {
    const missingBucket = () => Promise.reject(new Error("bucket osprey does not exist"));
    expect(await checkHealth(deps.db, deps.docker, true, missingBucket)).toEqual({
      status: "DOWN",
      database: "UP",
      docker: "UP",
      storage: "DOWN",
    });
  });
});
