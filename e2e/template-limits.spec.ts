import { expect, test } from "./fixtures";
import { bearer } from "../lib/testing/accounts";
import { type ServerProcess, startServer } from "../lib/testing/start-server";

// Expressions that froze or would crash a running Osprey (found by attacking it). Each case runs
// its own server so a freeze could not hide behind another spec, and so one can be restarted.
const PORT = 3160;
// One step that never ends (a catastrophic regular expression): only the clock stops it.
const FREEZE = `{{ '${"a".repeat(40)}!' | replace({'(a+)+$': 'x'}, regexp=true) }}`;
// A string doubled until it is huge: the output cap stops it.
const HUGE = "{% set s = 'xxxxxxxxxx' %}{% for i in range(1, 40) %}{% set s = s ~ s %}{% endfor %}{{ s | length }}";
// The payloads that froze the nunjucks renderer (reproduced on Osprey before Pebble).
const OLD_FREEZE =
  "{% set s = '' | center(1000) %}{% for a in s %}{% for b in s %}{% for c in s %}{% endfor %}{% endfor %}{% endfor %}x";

const flow = (id: string, message: string) => `id: ${id}
namespace: e2e.limits
tasks:
  - id: log
    type: io.kestra.plugin.core.log.Log
    message: ${JSON.stringify(message)}
`;

async function api<T>(server: ServerProcess, path: string, init: RequestInit = {}): Promise<T> {
  const res = await fetch(`${server.baseUrl}${path}`, {
    ...init,
    headers: { ...init.headers, ...bearer(server.token) },
  });
  return (await res.json()) as T;
}

async function run(server: ServerProcess, id: string, message: string): Promise<string> {
  await api(server, "/api/v1/flows", {
    method: "POST",
    headers: { "Content-Type": "application/x-yaml" },
    body: flow(id, message),
  });
  return (await api<{ id: string }>(server, `/api/v1/executions/e2e.limits/${id}`, { method: "POST" })).id;
}

type Execution = { state: string; error: string | null; taskRuns: { state: string; error: string | null }[] };

/**
 * Polls /api/health every 100 ms until the execution ends; returns it and the slowest answer.
 * A server whose event loop is held by a template answers late or not at all.
 */
async function healthWhileRunning(
  server: ServerProcess,
  executionId: string,
): Promise<{ execution: Execution; slowestMs: number; polls: number }> {
  let slowestMs = 0;
  let polls = 0;
  const deadline = Date.now() + 60_000;
  for (;;) {
    const started = performance.now();
    const health = await fetch(`${server.baseUrl}/api/health`, { signal: AbortSignal.timeout(5_000) });
    expect(health.status).toBe(200);
    slowestMs = Math.max(slowestMs, performance.now() - started);
    polls++;
    const execution = await api<Execution>(server, `/api/v1/executions/${executionId}`);
    if (/SUCCESS|WARNING|FAILED|KILLED/.test(execution.state)) return { execution, slowestMs, polls };
    expect(Date.now()).toBeLessThan(deadline);
    await new Promise((r) => setTimeout(r, 100));
  }
}

test.describe.configure({ mode: "serial" });

test("an expression that would run for ages or grow without end fails its task; the server answers throughout", async () => {
  test.setTimeout(120_000);
  const server = await startServer(PORT);
  try {
    const frozen = await healthWhileRunning(server, await run(server, "freeze", FREEZE));
    expect(frozen.execution.state).toBe("FAILED");
    expect(frozen.execution.taskRuns[0].error).toContain("expression took longer than 2 s");
    expect(frozen.polls).toBeGreaterThan(5); // it really was polled while the expression ran
    expect(frozen.slowestMs).toBeLessThan(200);

    const huge = await healthWhileRunning(server, await run(server, "huge", HUGE));
    expect(huge.execution.state).toBe("FAILED");
    expect(huge.execution.taskRuns[0].error).toMatch(/Template output exceeded \d+ characters/);
    expect(huge.slowestMs).toBeLessThan(200);

    const old = await healthWhileRunning(server, await run(server, "old_freeze", OLD_FREEZE));
    expect(old.execution.state).toBe("FAILED");
    expect(old.execution.taskRuns[0].error).toMatch(/Filter \[center\] does not exist/);
  } finally {
    await server.stop();
  }
});

test("an execution caught in such an expression by a crash fails the same way after the restart", async () => {
  test.setTimeout(150_000);
  // The first server lets the expression run long enough to be crashed mid-render.
  let server = await startServer(PORT, undefined, { OSPREY_TEMPLATE_TIMEOUT_MS: "20000" });
  const id = await run(server, "freeze_restart", FREEZE);
  await expect
    .poll(async () => (await api<Execution>(server, `/api/v1/executions/${id}`)).taskRuns[0]?.state, {
      timeout: 30_000,
    })
    .toBe("RUNNING");
  await server.crash();
  server = await startServer(PORT, server.databaseUrl);
  try {
    const { execution, slowestMs } = await healthWhileRunning(server, id);
    expect(execution.state).toBe("FAILED");
    expect(execution.taskRuns[0].error).toContain("expression took longer than 2 s");
    expect(slowestMs).toBeLessThan(200);
  } finally {
    await server.stop();
  }
});
