import { execFileSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../config";
import type { ExecutorDeps } from "../deps/executor-deps";
import { createExecution } from "../executions/create-execution";
import { readFileByUri } from "../files/output-files";
import { saveFlow } from "../flows/save-flow";
import { readLogs } from "../logs/read-logs";
import { NamespaceFiles } from "../namespace-files/namespace-files";
import { Executor } from "../orchestrator/executor";
import { createDocker } from "../runner/docker/docker-client";
import { LABEL_INSTANCE } from "../runner/docker/labels";
import { State } from "../states/states";
import { waitForEnd } from "../testing/run-flow";
import { createTestDeps } from "../testing/test-deps";
import { Worker } from "./worker";

// A web server with no Docker engine at all (OSPREY_ROLE=web, DOCKER_HOST a socket nobody serves)
// and two workers on two real Docker engines: each WorkingDirectory is dispatched whole to one
// worker, its volume made on that worker's engine, its files kept from there.
const SECOND = /OSPREY_TEST_DOCKER_HOST_2=(\S+)/.exec(
  execFileSync("bash", ["scripts/ensure-second-engine.sh"], { encoding: "utf8" }),
)![1];
const FIRST = createDocker(undefined);
const ENGINES = { "wd-1": FIRST, "wd-2": createDocker(SECOND) } as const;
/** The workers: two without a group on the two engines, one of group "far" on the second. */
const WORKERS = [
  { name: "wd-1", docker: FIRST, group: undefined },
  { name: "wd-2", docker: ENGINES["wd-2"], group: undefined },
  { name: "wd-far", docker: ENGINES["wd-2"], group: "far" },
];
let web: ExecutorDeps;
let executor: Executor;
const workers: Worker[] = [];

beforeAll(async () => {
  const base = await createTestDeps({ OSPREY_ROLE: "web", OSPREY_WORKER_NAME: "web-wd", OSPREY_LEASE_MS: "1500" });
  web = { ...base, docker: createDocker("unix:///tmp/osprey-no-engine-here.sock") };
  await new NamespaceFiles(web.storage, "it.wd", web.config.OSPREY_MAX_NAMESPACE_FILE_BYTES).write(
    "conf/greeting.txt",
    "hello from the namespace",
  );
  for (const { name, docker, group } of WORKERS) {
    const config = loadConfig({
      ...process.env,
      DATABASE_URL: web.config.DATABASE_URL,
      OSPREY_STORAGE_DIR: web.config.OSPREY_STORAGE_DIR,
      OSPREY_ROLE: "worker",
      OSPREY_WORKER_NAME: name,
      OSPREY_POLL_MS: "100",
      OSPREY_LEASE_MS: "1500",
      ...(group ? { OSPREY_WORKER_GROUP: group } : {}),
    });
    const worker = new Worker({ ...base, docker, config });
    worker.start();
    workers.push(worker);
  }
  // Both have said they are alive before anything is dispatched.
  for (let i = 0; i < 100 && (await web.db.worker.count()) < WORKERS.length; i++)
    await new Promise((r) => setTimeout(r, 100));
  executor = new Executor(web);
  executor.start();
});

afterAll(async () => {
  await executor?.stop();
  await Promise.all(workers.map((w) => w.stop()));
  await web?.db.$disconnect();
  await web?.templates.close();
});

const flow = (id: string, extra = "") => `id: ${id}
namespace: it.wd
tasks:
  - id: wd
    type: io.kestra.plugin.core.flow.WorkingDirectory
    inputFiles:
      given.txt: "given {{ execution.id }}"
    namespaceFiles:
      enabled: true
    outputFiles: ["result.txt"]
    tasks:
      - id: write
        type: io.kestra.plugin.scripts.shell.Commands
        docker: {image: "osprey/shell:latest"}
${extra}        commands:
          - cat given.txt > result.txt
          - cat conf/greeting.txt >> result.txt
      - id: read
        type: io.kestra.plugin.scripts.shell.Commands
        docker: {image: "osprey/shell:latest"}
${extra}        commands:
          - echo "read back:" $(cat result.txt)
          - echo second-task >> result.txt
  - id: after
    type: io.kestra.plugin.core.log.Log
    message: "kept {{ outputs.wd.outputFiles['result.txt'] }}"
`;

type Ran = Awaited<ReturnType<typeof waitForEnd>>;

/** The checks every run makes: both tasks on one worker, the file passed on, outputFiles kept. */
async function expectRanWhole(execution: Ran): Promise<string> {
  const id = execution.id;
  expect(execution.state).toBe(State.SUCCESS);
  const byTask = new Map(execution.taskRuns.map((t) => [t.taskId, t]));
  const host = byTask.get("write")!.workerId!;
  expect(byTask.get("write")).toMatchObject({ state: State.SUCCESS, queue: `@${host}` });
  expect(byTask.get("read")).toMatchObject({ state: State.SUCCESS, queue: `@${host}`, workerId: host });
  const messages = (await readLogs(web.db, id, { limit: 1_000 })).map((l) => l.message);
  expect(messages).toContain(`read back: given ${id}hello from the namespace`);
  const uri = (byTask.get("wd")!.outputs as { outputFiles: Record<string, string> }).outputFiles["result.txt"];
  expect((await readFileByUri(web, id, uri)).content.toString()).toBe(
    `given ${id}hello from the namespacesecond-task\n`,
  );
  expect(messages).toContain(`kept ${uri}`);
  return host;
}

async function start(flowId: string): Promise<string> {
  const { id } = await createExecution(web.db, "it.wd", flowId);
  executor.wake();
  return id;
}

describe("a WorkingDirectory on a web server without Docker", () => {
  it("runs whole on one worker: a file written by one task is read by the next, its outputFiles kept", async () => {
    await saveFlow(web.db, flow("wd_on_worker"), { create: true });
    // Several at once: each directory's tasks stay together whichever worker takes them.
    const ids = await Promise.all(Array.from({ length: 4 }, () => start("wd_on_worker")));
    for (const id of ids) expect(["wd-1", "wd-2"]).toContain(await expectRanWhole(await waitForEnd(web, id, 120_000)));
  });

  it("goes to its tasks' workerGroup: the volume is made on that worker's engine (the second one)", async () => {
    await saveFlow(web.db, flow("wd_far", "        workerGroup: {key: far}\n"), { create: true });
    expect(await expectRanWhole(await waitForEnd(web, await start("wd_far"), 120_000))).toBe("wd-far");
  });

  it("leaves no volume and no container on either engine: each worker removes the volumes it hosted", async () => {
    for (const docker of Object.values(ENGINES))
      await expect
        .poll(
          async () =>
            ((await docker.listVolumes({ filters: { label: [`${LABEL_INSTANCE}=${web.instance}`] } })).Volumes ?? [])
              .length,
          { timeout: 15_000 },
        )
        .toBe(0);
    for (const docker of Object.values(ENGINES))
      expect(
        await docker.listContainers({ all: true, filters: { label: [`${LABEL_INSTANCE}=${web.instance}`] } }),
      ).toEqual([]);
  });
});
