import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../config";
import { createExecution } from "../executions/create-execution";
import { Executor } from "../orchestrator/executor";
import type { ExecutorDeps } from "../deps/executor-deps";
import { killExecution } from "../executions/kill-execution";
import { saveFlow } from "../flows/save-flow";
import { readLogs } from "../logs/read-logs";
import { leftoverContainers, waitForEnd } from "../testing/run-flow";
import { createTestDeps } from "../testing/test-deps";
import { Worker } from "./worker";

// A web server's executor (OSPREY_ROLE=web) hands script tasks to workers through the database;
// two workers here share its database and bus, one serving the group "gpu". Real containers.
let web: ExecutorDeps;
let executor: Executor;
const workers: Worker[] = [];

function workerDeps(name: string, extra: Record<string, string> = {}): ExecutorDeps {
  return {
    ...web,
    config: loadConfig({
      ...process.env,
      DATABASE_URL: web.config.DATABASE_URL,
      OSPREY_POLL_MS: "100",
      OSPREY_STORAGE_DIR: web.config.OSPREY_STORAGE_DIR,
      OSPREY_ROLE: "worker",
      OSPREY_WORKER_NAME: name,
      OSPREY_LEASE_MS: "1000",
      ...extra,
    }),
  };
}

function startWorker(name: string, extra: Record<string, string> = {}): Worker {
  const worker = new Worker(workerDeps(name, extra));
  worker.start();
  workers.push(worker);
  return worker;
}

beforeAll(async () => {
  web = await createTestDeps({ OSPREY_ROLE: "web", OSPREY_WORKER_NAME: "web-1" });
  executor = new Executor(web);
  executor.start();
  startWorker("worker-a", { OSPREY_CONCURRENCY: "4" });
  startWorker("worker-gpu", { OSPREY_WORKER_GROUP: "gpu" });
});

afterAll(async () => {
  await executor.stop();
  await Promise.all(workers.map((w) => w.stop()));
  expect(await leftoverContainers(web)).toEqual([]);
  await web.db.$disconnect();
  await web.templates.close();
});

async function run(yaml: string, timeoutMs = 60_000) {
  const flow = await saveFlow(web.db, yaml, { create: true });
  const { id } = await createExecution(web.db, flow.namespace, flow.id);
  executor.wake();
  const execution = await waitForEnd(web, id, timeoutMs);
  return { execution, logs: await readLogs(web.db, id, { limit: 10_000 }) };
}

const shell = (id: string, command: string, extra = "") =>
  `  - id: ${id}\n    type: io.kestra.plugin.scripts.shell.Commands\n    docker: {image: "osprey/shell:latest"}\n    commands: ["${command}"]\n${extra}`;

describe("workers claim the task runs a web server hands them", () => {
  it("runs each script task on a worker: outputs flow to the next task, the log is whole and in order", async () => {
    const { execution, logs } = await run(
      `id: chain\nnamespace: workers\ntasks:\n${shell("first", 'echo \'::{\\"outputs\\":{\\"n\\":41}}::\'; echo from-first')}${shell("second", "echo got {{ outputs.first.vars.n }}")}  - id: note\n    type: io.kestra.plugin.core.log.Log\n    message: done\n`,
    );
    expect(execution.state).toBe("SUCCESS");
    const byTask = new Map(execution.taskRuns.map((t) => [t.taskId, t]));
    expect(byTask.get("first")).toMatchObject({ state: "SUCCESS", queue: "", workerId: "worker-a" });
    expect(byTask.get("second")).toMatchObject({ state: "SUCCESS", queue: "", workerId: "worker-a" });
    // The Log task is the engine's own: it runs where the execution is orchestrated.
    expect(byTask.get("note")?.queue).toBeNull();
    const messages = logs.map((l) => l.message);
    expect(messages).toContain("from-first");
    expect(messages).toContain("got 41");
    expect(logs.map((l) => l.seq)).toEqual(Array.from({ length: logs.length }, (_, i) => i + 1));
  });

  it("routes a task with workerGroup to that group's worker only", async () => {
    const { execution } = await run(
      `id: grouped\nnamespace: workers\ntasks:\n${shell("on-gpu", "echo gpu", "    workerGroup: {key: gpu}\n")}${shell("anywhere", "echo any")}`,
    );
    expect(execution.state).toBe("SUCCESS");
    const byTask = new Map(execution.taskRuns.map((t) => [t.taskId, t]));
    expect(byTask.get("on-gpu")).toMatchObject({ queue: "gpu", workerId: "worker-gpu" });
    expect(byTask.get("anywhere")).toMatchObject({ queue: "", workerId: "worker-a" });
  });

  it("fails a task whose group has no live worker when its fallback is FAIL", async () => {
    const { execution, logs } = await run(
      `id: nogroup\nnamespace: workers\ntasks:\n${shell("nowhere", "echo never", "    workerGroup: {key: tpu, fallback: FAIL}\n")}`,
    );
    expect(execution.state).toBe("FAILED");
    expect(execution.taskRuns[0].error).toBe("no worker of group tpu is alive (workerGroup.fallback: FAIL)");
    expect(logs.map((l) => l.message)).toContain("no worker of group tpu is alive (workerGroup.fallback: FAIL)");
  });

  it("stops a task on its worker when the execution is killed", async () => {
    const flow = await saveFlow(web.db, `id: long\nnamespace: workers\ntasks:\n${shell("wait", "sleep 60")}`, {
      create: true,
    });
    const { id } = await createExecution(web.db, flow.namespace, flow.id);
    executor.wake();
    for (
      let i = 0;
      i < 300 && !(await web.db.taskRun.findFirst({ where: { executionId: id, containerId: { not: null } } }));
      i++
    )
      await new Promise((r) => setTimeout(r, 100));
    expect(await killExecution(web.db, executor, id, "ops@example.com")).toEqual({ state: "KILLING" });
    const execution = await waitForEnd(web, id, 30_000);
    expect(execution.state).toBe("KILLED");
    expect(execution.taskRuns[0]).toMatchObject({ state: "KILLED", workerId: "worker-a" });
  });
});

describe("a worker lost with its engine", () => {
  /** A task run as a dead worker on another engine leaves it: RUNNING, its lease long run out. */
  async function heldByGhost(yaml: string) {
    const flow = await saveFlow(web.db, yaml, { create: true });
    const { id } = await createExecution(web.db, flow.namespace, flow.id);
    // No worker serves "ghosts": the task run waits there until the ghost is made to hold it.
    executor.wake();
    let run = null;
    for (let i = 0; i < 300 && !run; i++) {
      run = await web.db.taskRun.findFirst({ where: { executionId: id, queue: "ghosts" } });
      if (!run) await new Promise((r) => setTimeout(r, 50));
    }
    await web.db.taskRun.update({
      where: { id: run!.id },
      data: {
        state: "RUNNING",
        workerId: "ghost",
        heartbeatAt: new Date(Date.now() - 600_000),
        containerId: "0123456789ab",
        engine: "an-engine-gone-with-its-machine",
      },
    });
    return id;
  }

  it("fails the attempt it held with 'worker … lost' and retries it per the task's retry", async () => {
    const id = await heldByGhost(
      `id: lost-retry\nnamespace: workers\ntasks:\n${shell("flaky", "echo attempt {{ taskrun.attemptsCount }}", "    workerGroup: {key: ghosts}\n    retry: {type: constant, interval: PT0.1S, maxAttempts: 2}\n")}`,
    );
    const worker = startWorker("worker-ghostbuster", { OSPREY_WORKER_GROUP: "ghosts" });
    const execution = await waitForEnd(web, id, 60_000);
    await worker.stop();
    expect(execution.state).toBe("SUCCESS");
    expect(execution.taskRuns[0]).toMatchObject({ state: "SUCCESS", attempt: 2, workerId: "worker-ghostbuster" });
    const messages = (await readLogs(web.db, id, { limit: 1_000 })).map((l) => l.message);
    expect(messages).toContain(
      "attempt 1 failed (worker ghost was lost and its container on another Docker engine is out of this worker's reach); retrying in 100 ms",
    );
    // The second attempt, with one attempt before it.
    expect(messages).toContain("attempt 1");
  });

  it("ends the task run FAILED with the reason when it has no retry left", async () => {
    const id = await heldByGhost(
      `id: lost-final\nnamespace: workers\ntasks:\n${shell("once", "echo never", "    workerGroup: {key: ghosts}\n")}`,
    );
    const worker = startWorker("worker-ghostbuster-2", { OSPREY_WORKER_GROUP: "ghosts" });
    const execution = await waitForEnd(web, id, 60_000);
    await worker.stop();
    expect(execution.state).toBe("FAILED");
    expect(execution.taskRuns[0].error).toBe(
      "worker ghost was lost and its container on another Docker engine is out of this worker's reach",
    );
  });
});
