import { createServer } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../config";
import { createDb } from "../db/create-client";
import type { ExecutorDeps } from "../deps/executor-deps";
import { collectMetrics } from "../metrics/collect-metrics";
import { formatMetrics } from "../metrics/prometheus";
import { Executor } from "../orchestrator/executor";
import { State } from "../states/states";
import { runFlow } from "../testing/run-flow";
import { startWorker } from "../testing/start-worker";
import { createTestDeps } from "../testing/test-deps";
import { Worker } from "./worker";
import { serveWorkerHttp } from "./worker-http";

// A worker's own port: /api/health and /metrics over node:http, on the real database and engine.
let deps: ExecutorDeps;
beforeAll(async () => {
  deps = await createTestDeps({ OSPREY_ROLE: "web", OSPREY_WORKER_NAME: "web-http" });
});
afterAll(async () => {
  await deps.db.$disconnect();
  await deps.templates.close();
});

const workerDeps = (name: string, over: Partial<ExecutorDeps> = {}): ExecutorDeps => ({
  ...deps,
  ...over,
  config: loadConfig({
    ...process.env,
    DATABASE_URL: deps.config.DATABASE_URL,
    OSPREY_STORAGE_DIR: deps.config.OSPREY_STORAGE_DIR,
    OSPREY_ROLE: "worker",
    OSPREY_WORKER_NAME: name,
    OSPREY_POLL_MS: "100",
  }),
});

async function get(port: number, path: string, method = "GET") {
  const res = await fetch(`http://127.0.0.1:${port}${path}`, { method });
  return { status: res.status, type: res.headers.get("content-type"), text: await res.text() };
}

/** The lines of the totals the database keeps (the same in every process). */
const totals = (text: string) =>
  text
    .split("\n")
    .filter((l) => /^osprey_(executions_ended|task_runs_ended|task_run_duration|execution_duration)/.test(l));

describe("a worker's health and metrics port", () => {
  it("answers UP with its metrics while it claims, then 503 with the reason once draining", async () => {
    const worker = new Worker(workerDeps("http-1"));
    worker.start();
    const http = await serveWorkerHttp(worker, 0, undefined, "127.0.0.1");
    try {
      const health = await get(http.port, "/api/health");
      expect(health.status).toBe(200);
      expect(JSON.parse(health.text)).toEqual({
        status: "UP",
        database: "UP",
        docker: "UP",
        storage: "UP",
        worker: "UP",
      });
      const metrics = await get(http.port, "/metrics");
      expect(metrics.status).toBe(200);
      expect(metrics.type).toBe("text/plain; version=0.0.4; charset=utf-8");
      expect(metrics.text).toContain('osprey_worker_running_task_runs{worker="http-1"} 0');
      expect(metrics.text).toContain("# TYPE osprey_task_runs_ended_total counter");
      expect(metrics.text).toContain("# TYPE osprey_executions gauge");
      expect((await get(http.port, "/other")).status).toBe(404);
      expect((await get(http.port, "/metrics", "POST")).status).toBe(405);

      await worker.drain(0);
      const drained = await get(http.port, "/api/health");
      expect(drained.status).toBe(503);
      expect(JSON.parse(drained.text)).toMatchObject({
        status: "DOWN",
        database: "UP",
        worker: "DRAINING",
        reason: "the worker is draining: it claims no more task runs",
      });
      expect((await get(http.port, "/metrics")).text).toContain('osprey_worker_draining{worker="http-1"} 1');
    } finally {
      await http.close();
      await worker.stop();
    }
  });

  it("answers 503 naming the database when it does not answer", async () => {
    const gone = await createDb("postgresql://osprey:osprey@127.0.0.1:1/none?connect_timeout=1");
    // Not started: only its health is asked.
    const worker = new Worker(workerDeps("http-2", { db: gone }));
    const http = await serveWorkerHttp(worker, 0, undefined, "127.0.0.1");
    try {
      const health = await get(http.port, "/api/health");
      expect(health.status).toBe(503);
      expect(JSON.parse(health.text)).toMatchObject({
        status: "DOWN",
        database: "DOWN",
        worker: "UP",
        reason: "the database does not answer",
      });
      expect((await get(http.port, "/metrics")).status).toBe(503);
    } finally {
      await http.close();
      await gone.$disconnect().catch(() => undefined);
    }
  });
});

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe.skipIf(!process.env.OSPREY_TEST_POSTGRES_URL)("a worker process's port (PostgreSQL pass)", () => {
  it("serves the same totals as the web server, from the database, after executions ended", async () => {
    const port = await freePort();
    const worker = await startWorker(deps.config.DATABASE_URL, "http-process", { OSPREY_WORKER_PORT: String(port) });
    const executor = new Executor(deps);
    executor.start();
    try {
      const yaml = `id: totals\nnamespace: it.http\ntasks:\n  - id: sh\n    type: io.kestra.plugin.scripts.shell.Commands\n    docker: {image: "osprey/shell:latest"}\n    commands: ["echo hi"]\n`;
      for (let i = 0; i < 2; i++) expect((await runFlow(deps, yaml, executor)).execution.state).toBe(State.SUCCESS);
      const here = formatMetrics(await collectMetrics(deps.db));
      const there = await get(port, "/metrics");
      expect(totals(here)).toContain(
        'osprey_task_runs_ended_total{namespace="it.http",flow="totals",type="io.kestra.plugin.scripts.shell.Commands",state="SUCCESS"} 2',
      );
      expect(totals(there.text)).toEqual(totals(here));
      expect((await get(port, "/api/health")).status).toBe(200);
    } finally {
      await executor.stop();
      await worker.stop();
    }
  });
});
