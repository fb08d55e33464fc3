import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDocker } from "../runner/docker/docker-client";
import type { ExecutorDeps } from "../deps/executor-deps";
import { checkHealth } from "../health/check-health";
import { createDb } from "../db/create-client";
import { State } from "../states/states";
import { runFlow } from "../testing/run-flow";
import { createTestDeps } from "../testing/test-deps";
import { Executor } from "../orchestrator/executor";
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
  it("counts executions by state, the queue, and the durations of the task runs that ended", async () => {
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
    expect(text).toContain(
      'osprey_task_runs_ended_total{namespace="m",flow="f",type="io.kestra.plugin.scripts.shell.Commands",state="FAILED"} 1',
    );
    // Executions stored ended count as ended; the one still CREATED does not.
    expect(text).toContain('osprey_executions_ended_total{namespace="m",flow="f",state="SUCCESS"} 2');
    expect(text).not.toContain('osprey_executions_ended_total{namespace="m",flow="f",state="CREATED"}');
  });

  it("keeps the totals in the database as executions end: a second client reads the same", async () => {
    const executor = new Executor(deps);
    executor.start();
    const flow = (id: string, command: string) =>
      `id: ${id}\nnamespace: m.totals\ntasks:\n  - id: hello\n    type: io.kestra.plugin.core.log.Log\n    message: hi\n  - id: sh\n    type: io.kestra.plugin.scripts.shell.Commands\n    docker: {image: "osprey/shell:latest"}\n    commands: ["${command}"]\n`;
    try {
      for (let i = 0; i < 2; i++)
        expect((await runFlow(deps, flow("ok", "exit 0"), executor)).execution.state).toBe(State.SUCCESS);
      expect((await runFlow(deps, flow("bad", "exit 3"), executor)).execution.state).toBe(State.FAILED);
    } finally {
      await executor.stop();
    }
    const text = formatMetrics(await collectMetrics(deps.db));
    const line = (name: string, labels: string) =>
      text
        .split("\n")
        .find((l) => l.startsWith(`${name}{${labels}} `))
        ?.split(" ")[1];
    expect(line("osprey_executions_ended_total", 'namespace="m.totals",flow="ok",state="SUCCESS"')).toBe("2");
    expect(line("osprey_executions_ended_total", 'namespace="m.totals",flow="bad",state="FAILED"')).toBe("1");
    expect(
      line(
        "osprey_task_runs_ended_total",
        'namespace="m.totals",flow="ok",type="io.kestra.plugin.core.log.Log",state="SUCCESS"',
      ),
    ).toBe("2");
    expect(
      line(
        "osprey_task_runs_ended_total",
        'namespace="m.totals",flow="bad",type="io.kestra.plugin.scripts.shell.Commands",state="FAILED"',
      ),
    ).toBe("1");
    expect(
      Number(line("osprey_execution_duration_seconds_count", 'namespace="m.totals",flow="ok",state="SUCCESS"')),
    ).toBe(2);
    expect(
      Number(line("osprey_execution_duration_seconds_sum", 'namespace="m.totals",flow="ok",state="SUCCESS"')),
    ).toBeGreaterThan(0);
    // Another connection (another process's client) reads the same totals: nothing is in memory.
    const other = await createDb(deps.config.DATABASE_URL);
    try {
      const totals = (t: string) =>
        t
          .split("\n")
          .filter((l) => /^osprey_(executions_ended|task_runs_ended|task_run_duration|execution_duration)/.test(l));
      expect(totals(formatMetrics(await collectMetrics(other)))).toEqual(totals(text));
    } finally {
      await other.$disconnect();
    }
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
