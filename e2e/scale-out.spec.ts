import { execFileSync } from "node:child_process";
import { createDb, type Db } from "../lib/db/create-client";
import { readLogs } from "../lib/logs/read-logs";
import { instanceId } from "../lib/runner/docker/labels";
import { bearer, TEST_ADMIN } from "../lib/testing/accounts";
import { type ServerProcess, startServer } from "../lib/testing/start-server";
import { startWorker, type WorkerProcess } from "../lib/testing/start-worker";
import { scratchPostgresDatabase } from "../lib/testing/test-database";
import { expect, test } from "./fixtures";
import { readSse } from "./sse-client";

// Osprey run the way a team scales it: one PostgreSQL, two web servers (OSPREY_ROLE=web) that
// orchestrate and serve the UI, and worker processes (`npm run worker`) on two Docker engines (the
// second in its own network namespace, scripts/ensure-second-engine.sh). Short leases, so a dead
// worker is noticed within seconds. (Ports of their own: this spec starts and kills its processes.)
const PORTS = [3172, 3173];
const LEASE = { OSPREY_LEASE_MS: "3000", OSPREY_SIGNIN_PER_MINUTE: "3" };
const ENGINE_2 = execFileSync("bash", ["scripts/ensure-second-engine.sh"], { encoding: "utf8" }).match(
  /OSPREY_TEST_DOCKER_HOST_2=(\S+)/,
)![1];

let db: Db;
let url = "";
let web: ServerProcess[] = [];
const workers = new Map<string, WorkerProcess>();

async function api<T>(server: ServerProcess, path: string, init: RequestInit = {}): Promise<T> {
  const res = await fetch(`${server.baseUrl}${path}`, {
    ...init,
    headers: { ...init.headers, ...bearer(server.token) },
  });
  if (!res.ok) throw new Error(`${init.method ?? "GET"} ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}
const saveFlow = (server: ServerProcess, yaml: string) =>
  api(server, "/api/v1/flows", { method: "POST", headers: { "Content-Type": "application/x-yaml" }, body: yaml });
const run = (server: ServerProcess, flowId: string) =>
  api<{ id: string }>(server, `/api/v1/executions/e2e.scale/${flowId}`, { method: "POST" }).then((e) => e.id);
const stateOf = async (id: string) => (await db.execution.findUniqueOrThrow({ where: { id } })).state;
const messagesOf = async (id: string) => (await readLogs(db, id, { limit: 10_000 })).map((l) => l.message);
const numbersOf = async (id: string) => (await messagesOf(id)).filter((m) => m.startsWith("n="));

const ENGINES = [[], ["-H", ENGINE_2]];
const containersOn = (host: string[]) =>
  execFileSync("docker", [...host, "ps", "-aq", "--filter", `label=io.osprey.instance=${instanceId(url)}`], {
    encoding: "utf8",
  })
    .split("\n")
    .filter(Boolean);
const leftContainers = () => ENGINES.flatMap(containersOn);

async function launchWorker(name: string, extra: Record<string, string> = {}) {
  workers.set(name, await startWorker(url, name, { ...LEASE, ...extra }));
}

const shell = (id: string, commands: string, indent = "  ") =>
  `${indent}- id: ${id}\n${indent}  type: io.kestra.plugin.scripts.shell.Commands\n${indent}  docker: {image: "osprey/shell:latest"}\n${indent}  commands:\n${indent}    - ${commands}\n`;

const FLOWS: Record<string, string> = {
  counter: `id: counter\nnamespace: e2e.scale\ntasks:\n${shell("count", `for i in $(seq 1 100); do echo "n=$i"; sleep 0.1; done`)}`,
  chain: `id: chain\nnamespace: e2e.scale\ntasks:\n${shell("lines", `for i in $(seq 1 20); do echo "line=$i"; done; echo '::{"outputs":{"total":20}}::'`)}${shell("check", `echo "total={{ outputs.lines.vars.total }}"`)}`,
  branches: `id: branches\nnamespace: e2e.scale\ntasks:\n  - id: both\n    type: io.kestra.plugin.core.flow.Parallel\n    tasks:\n      - id: py\n        type: io.kestra.plugin.scripts.python.Script\n        docker: {image: "osprey/python:latest"}\n        script: print("from python")\n${shell("sh", "echo from shell", "      ")}  - id: after\n    type: io.kestra.plugin.core.log.Log\n    message: both done\n`,
  each: `id: each\nnamespace: e2e.scale\ntasks:\n  - id: loop\n    type: io.kestra.plugin.core.flow.ForEach\n    values: ["a", "b", "c"]\n    tasks:\n${shell("item", `echo "item={{ taskrun.value }}"`, "      ")}`,
  sleeper: `id: sleeper\nnamespace: e2e.scale\ntasks:\n${shell("nap", "sleep 120")}`,
};

test.describe
  .serial("PostgreSQL, two web servers, workers on two Docker engines", () => {
    test.beforeAll(async () => {
      test.setTimeout(180_000);
      url = await scratchPostgresDatabase("osprey_scale_");
      web = [await startServer(PORTS[0], url, { ...LEASE, OSPREY_ROLE: "web", OSPREY_WORKER_NAME: "web-a" })];
      web.push(await startServer(PORTS[1], url, { ...LEASE, OSPREY_ROLE: "web", OSPREY_WORKER_NAME: "web-b" }));
      db = await createDb(url);
      for (const yaml of Object.values(FLOWS)) await saveFlow(web[0], yaml);
      // Two workers on the first engine for the failover test; the third, on the second engine, joins after it.
      await launchWorker("worker-1");
      await launchWorker("worker-2");
    });

    test.afterAll(async () => {
      await Promise.all([...workers.values()].map((w) => w.stop()));
      await Promise.all(web.map((s) => s.stop()));
      await db?.$disconnect();
      // A stopped worker leaves its containers running (it takes them back when started again): after
      // a failed test none of these workers will be, so nothing of this database is left on either engine.
      for (const host of ENGINES) {
        const left = containersOn(host);
        if (left.length) execFileSync("docker", [...host, "rm", "-f", ...left], { stdio: "ignore" });
      }
    });

    test("a worker SIGKILLed mid-task: the other worker on its engine reattaches, every number stored once", async () => {
      test.setTimeout(120_000);
      const id = await run(web[0], "counter");
      await expect.poll(async () => (await numbersOf(id)).length, { timeout: 30_000 }).toBeGreaterThanOrEqual(10);
      const victim = (await db.taskRun.findFirstOrThrow({ where: { executionId: id } })).workerId!;
      const survivor = victim === "worker-1" ? "worker-2" : "worker-1";
      await workers.get(victim)!.crash();

      await expect
        .poll(async () => (await messagesOf(id)).some((m) => m.startsWith("Reattached to container")), {
          timeout: 30_000,
        })
        .toBe(true);
      // The dead worker comes back while the other one holds its task run: it leaves that container alone.
      await launchWorker(victim);
      await expect.poll(() => stateOf(id), { timeout: 60_000 }).toBe("SUCCESS");
      expect(await numbersOf(id)).toEqual(Array.from({ length: 100 }, (_, i) => `n=${i + 1}`));
      expect((await messagesOf(id)).filter((m) => m.startsWith("Reattached to container"))).toHaveLength(1);
      expect((await db.taskRun.findFirstOrThrow({ where: { executionId: id } })).workerId).toBe(survivor);
      await expect.poll(leftContainers, { timeout: 10_000 }).toEqual([]);
    });

    test("60 executions of mixed flows started on both web servers: all SUCCESS, each task run ran once, on both engines", async () => {
      test.setTimeout(420_000);
      await launchWorker("worker-3", { DOCKER_HOST: ENGINE_2 });
      const kinds = ["chain", "branches", "each"];
      const ids: string[] = [];
      for (let i = 0; i < 60; i++) ids.push(await run(web[i % 2], kinds[i % 3]));

      // Three executions started on web server A, followed live from web server B.
      const followed = ids.filter((_, i) => i % 2 === 0).slice(0, 3);
      const streams = followed.map(async (id) => {
        const lines: { seq: number; message: string }[] = [];
        let end: { state: string } | null = null;
        await readSse(`${web[1].baseUrl}/api/v1/logs/${id}/follow`, bearer(web[1].token), (e) => {
          if (e.event === "log") lines.push(...(JSON.parse(e.data) as { seq: number; message: string }[]));
          if (e.event === "end") {
            end = JSON.parse(e.data) as { state: string };
            return false;
          }
        });
        return { id, lines, end: end as { state: string } | null };
      });

      await expect
        .poll(
          async () =>
            db.execution.count({ where: { id: { in: ids }, state: { in: ["CREATED", "QUEUED", "RUNNING"] } } }),
          { timeout: 360_000, intervals: [1_000] },
        )
        .toBe(0);
      const executions = await db.execution.findMany({ where: { id: { in: ids } }, include: { taskRuns: true } });
      expect(executions.filter((e) => e.state !== "SUCCESS").map((e) => `${e.flowId} ${e.state} ${e.error}`)).toEqual(
        [],
      );

      const containerRuns = executions.flatMap((e) => e.taskRuns.filter((t) => t.taskType.includes(".scripts.")));
      expect(containerRuns).toHaveLength(20 * 2 + 20 * 2 + 20 * 3);
      // Each ran once: one attempt, one container, by one worker.
      expect(containerRuns.filter((t) => t.attempt !== 1 || !t.workerId?.startsWith("worker-"))).toEqual([]);
      for (const e of executions) {
        const created = (await messagesOf(e.id)).filter((m) => /^Container [0-9a-f]{12} created from /.test(m));
        expect(created, e.id).toHaveLength(e.taskRuns.filter((t) => t.taskType.includes(".scripts.")).length);
      }
      expect(new Set(containerRuns.map((t) => t.engine)).size).toBe(2);
      expect(new Set(containerRuns.map((t) => t.workerId)).size).toBe(3);
      for (const e of executions.filter((x) => x.flowId === "chain")) {
        const messages = await messagesOf(e.id);
        expect(messages.filter((m) => m.startsWith("line="))).toEqual(
          Array.from({ length: 20 }, (_, i) => `line=${i + 1}`),
        );
        expect(messages).toContain("total=20");
      }

      // What web server B streamed of A's executions is the whole stored log, in order.
      for (const { id, lines, end } of await Promise.all(streams)) {
        expect(end?.state).toBe("SUCCESS");
        const stored = await readLogs(db, id, { limit: 10_000 });
        expect(lines.map((l) => l.seq)).toEqual(stored.map((l) => l.seq));
        expect(lines.map((l) => l.message)).toEqual(stored.map((l) => l.message));
        expect(stored.map((l) => l.seq)).toEqual(Array.from({ length: stored.length }, (_, i) => i + 1));
      }
      await expect.poll(leftContainers, { timeout: 10_000 }).toEqual([]);
    });

    test("a kill sent to one web server stops the task on a worker behind the other", async () => {
      test.setTimeout(90_000);
      const id = await run(web[0], "sleeper");
      await expect
        .poll(async () => (await db.taskRun.findFirst({ where: { executionId: id } }))?.containerId ?? null, {
          timeout: 30_000,
        })
        .not.toBeNull();
      const owner = (await db.execution.findUniqueOrThrow({ where: { id } })).ownerId;
      const other = owner === "web-a" ? web[1] : web[0];
      expect(await api(other, `/api/v1/executions/${id}/kill`, { method: "DELETE" })).toEqual({ state: "KILLING" });
      await expect.poll(() => stateOf(id), { timeout: 30_000 }).toBe("KILLED");
      expect((await db.taskRun.findFirstOrThrow({ where: { executionId: id } })).state).toBe("KILLED");
      await expect.poll(leftContainers, { timeout: 10_000 }).toEqual([]);
    });

    test("workerGroup sends a task to its group's worker; the Workers page shows each worker, a dead one LOST", async ({
      browser,
    }) => {
      test.setTimeout(90_000);
      await launchWorker("worker-gpu", { DOCKER_HOST: ENGINE_2, OSPREY_WORKER_GROUP: "gpu" });
      await saveFlow(
        web[0],
        `id: grouped\nnamespace: e2e.scale\ntasks:\n${shell("train", "echo training")}    workerGroup: {key: gpu}\n`,
      );
      const id = await run(web[1], "grouped");
      await expect.poll(() => stateOf(id), { timeout: 30_000 }).toBe("SUCCESS");
      expect(await db.taskRun.findFirstOrThrow({ where: { executionId: id } })).toMatchObject({
        queue: "gpu",
        workerId: "worker-gpu",
      });
      await workers.get("worker-gpu")!.crash();
      workers.delete("worker-gpu");

      // A browser signed in on web server A (its own context: the specs' default session is the e2e server's).
      const context = await browser.newContext({ baseURL: web[0].baseUrl, storageState: { cookies: [], origins: [] } });
      const signedIn = await context.request.post("/api/auth/sign-in/email", {
        data: { email: TEST_ADMIN.email, password: TEST_ADMIN.password },
        headers: { Origin: web[0].baseUrl },
      });
      expect(signedIn.ok()).toBe(true);
      const page = await context.newPage();
      await page.goto(`/executions/${id}`);
      await expect(page.getByTestId("ran-on")).toHaveText("· on worker worker-gpu (group gpu)");
      // Its heartbeat stops with it: LOST once the lease (3 s here) has passed.
      await expect(async () => {
        await page.goto("/workers");
        await expect(page.getByTestId("worker-worker-gpu")).toContainText("LOST", { timeout: 1_000 });
      }).toPass({ timeout: 20_000 });
      for (const name of ["worker-1", "worker-2", "worker-3"])
        await expect(page.getByTestId(`worker-${name}`)).toContainText("ALIVE");
      await expect(page.getByTestId("worker-worker-3")).toContainText(ENGINE_2);
      await expect(page.getByTestId("worker-worker-gpu")).toContainText("gpu");
      await page.screenshot({ path: "docs/workers.png" });
      await context.close();
    });

    test("the sign-in limit is one limit across web servers", async () => {
      const attempt = (server: ServerProcess) =>
        fetch(`${server.baseUrl}/api/auth/sign-in/email`, {
          method: "POST",
          headers: { "Content-Type": "application/json", Origin: server.baseUrl },
          body: JSON.stringify({ email: TEST_ADMIN.email, password: "a-wrong-password-0" }),
        }).then((r) => r.status);
      // OSPREY_SIGNIN_PER_MINUTE=3 on each, counted in the database they share: the servers' own
      // sign-ins at start count too, so at most 3 guesses in all get an answer (each server keeping
      // its own count would answer 6), then both refuse.
      const statuses: number[] = [];
      for (let i = 0; i < 8 && !statuses.includes(429); i++) statuses.push(await attempt(web[i % 2]));
      expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(3);
      expect(statuses.at(-1)).toBe(429);
      expect([await attempt(web[0]), await attempt(web[1])]).toEqual([429, 429]);
    });
  });
