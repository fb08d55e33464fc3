import { execFileSync } from "node:child_process";
import { expect, test } from "./fixtures";
import { bearer } from "../lib/testing/accounts";
import { startServer } from "../lib/testing/start-server";
import { instanceId } from "../lib/runner/docker/labels";

// Each case starts its own server process so it can SIGKILL it mid-run and start it again.
const PORT = 3150;

interface Line {
  seq: number;
  message: string;
  stream: string;
}

// The admin token made on the first start stays valid after a restart on the same database.
let token = "";

async function json<T>(url: string, init: RequestInit = {}): Promise<T> {
  return (await (await fetch(url, { ...init, headers: { ...init.headers, ...bearer(token) } })).json()) as T;
}

async function allLines(base: string, executionId: string): Promise<Line[]> {
  return (await json<{ lines: Line[] }>(`${base}/api/v1/logs/${executionId}?limit=10000`)).lines;
}

function containersOf(databaseUrl: string): string[] {
  const out = execFileSync("docker", ["ps", "-aq", "--filter", `label=io.osprey.instance=${instanceId(databaseUrl)}`], {
    encoding: "utf8",
  });
  return out.split("\n").filter(Boolean);
}

const counting = (resume: boolean) => `id: counter
namespace: e2e.crash
tasks:
  - id: count
    type: io.kestra.plugin.scripts.shell.Commands
    docker:
      image: osprey/shell:latest
      resume: ${resume}
    commands:
      - for i in $(seq 1 100); do echo "n=$i"; sleep 0.1; done
  - id: after
    type: io.kestra.plugin.core.log.Log
    message: after the counter
`;

async function runUntilCrash(resume: boolean) {
  let server = await startServer(PORT);
  const base = server.baseUrl;
  token = server.token;
  await json(`${base}/api/v1/flows`, {
    method: "POST",
    headers: { "Content-Type": "application/x-yaml" },
    body: counting(resume),
  });
  const { id } = await json<{ id: string }>(`${base}/api/v1/executions/e2e.crash/counter`, { method: "POST" });
  await expect
    .poll(async () => (await allLines(base, id)).filter((l) => l.message.startsWith("n=")).length, { timeout: 30_000 })
    .toBeGreaterThanOrEqual(20);
  // What was stored before the crash must survive it untouched, as the start of the final log.
  const beforeCrash = await allLines(base, id);
  await server.crash();
  await new Promise((r) => setTimeout(r, 1_000)); // lines keep coming while no server runs
  server = await startServer(PORT, server.databaseUrl);
  await expect
    .poll(async () => (await json<{ state: string }>(`${base}/api/v1/executions/${id}`)).state, { timeout: 60_000 })
    .toMatch(/SUCCESS|FAILED|WARNING/);
  return { server, base, id, beforeCrash };
}

test.describe.configure({ mode: "serial" });

test("a SIGKILLed server resumes its running container: every line stored exactly once, then the flow goes on", async () => {
  test.setTimeout(150_000);
  const { server, base, id, beforeCrash } = await runUntilCrash(true);
  try {
    const execution = await json<{ state: string; taskRuns: { taskId: string; state: string }[] }>(
      `${base}/api/v1/executions/${id}`,
    );
    expect(execution.state).toBe("SUCCESS");
    expect(execution.taskRuns.map((t) => [t.taskId, t.state])).toEqual([
      ["count", "SUCCESS"],
      ["after", "SUCCESS"],
    ]);
    const lines = await allLines(base, id);
    expect(lines.map((l) => l.seq)).toEqual(lines.map((_, i) => i + 1));
    const numbers = lines.filter((l) => l.message.startsWith("n=")).map((l) => l.message);
    expect(numbers).toEqual(Array.from({ length: 100 }, (_, i) => `n=${i + 1}`));
    // The crash came mid-run (some numbers, not all, were stored), and the stored lines were kept as they were.
    const numbered = beforeCrash.filter((l) => l.message.startsWith("n="));
    expect(numbered.length).toBeGreaterThanOrEqual(20);
    expect(numbered.length).toBeLessThan(100);
    expect(lines.slice(0, beforeCrash.length)).toEqual(beforeCrash);
    expect(lines.some((l) => l.message.startsWith("Reattached to container"))).toBe(true);
    expect(containersOf(server.databaseUrl)).toEqual([]);
  } finally {
    await server.stop();
  }
});

test("with resume: false the interrupted task fails cleanly with the reason, and no container is left", async () => {
  test.setTimeout(150_000);
  const { server, base, id, beforeCrash } = await runUntilCrash(false);
  try {
    const execution = await json<{
      state: string;
      error: string;
      taskRuns: { taskId: string; state: string; error: string }[];
    }>(`${base}/api/v1/executions/${id}`);
    expect(execution.state).toBe("FAILED");
    expect(execution.taskRuns[0]).toMatchObject({ taskId: "count", state: "FAILED" });
    expect(execution.taskRuns[0].error).toContain("resume: false");
    expect(execution.taskRuns).toHaveLength(1);
    const lines = await allLines(base, id);
    expect(lines.at(-1)?.message).toContain("resume: false");
    expect(lines.slice(0, beforeCrash.length)).toEqual(beforeCrash);
    expect(lines.map((l) => l.seq)).toEqual(lines.map((_, i) => i + 1));
    expect(containersOf(server.databaseUrl)).toEqual([]);
  } finally {
    await server.stop();
  }
});
