import { execFileSync } from "node:child_process";
import { State } from "../states/states";
import { randomBytes } from "node:crypto";
import { createServer } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { instanceId } from "../runner/docker/labels";
import { createToken, signIn } from "../testing/accounts";
import { deployApi, retryingStale } from "../testing/deploy-api";
import { deployTestsWanted } from "./deploy-tests-wanted";

// deploy/docker-compose.yml brought up as a team would (Debian's docker-compose 1.29): PostgreSQL
// and the S3-compatible server built from deploy/, one web server without a Docker socket, two
// workers on the host's engine. A flow with a FILE input and a Python task that reads it runs on
// a worker, its files in the bucket and in no folder the services share; `down -v` removes it all.
// Images come from scripts/image.sh (rebuilt only when their sources change). The PostgreSQL
// pass of the integration tests skips this file: the deployment brings its own database.

const PROJECT = `ospreycompose${randomBytes(3).toString("hex")}`;
const FLOW = `id: reader
namespace: deploy.compose
inputs:
  - id: data
    type: FILE
tasks:
  - id: count
    type: io.kestra.plugin.scripts.python.Script
    containerImage: osprey/python:latest
    inputFiles:
      data.csv: "{{ inputs.data }}"
    outputFiles: ["total.txt"]
    script: |
      import csv
      rows = list(csv.DictReader(open("data.csv", newline="")))
      total = sum(int(r["qty"]) for r in rows)
      print("rows", len(rows), "total", total)
      open("total.txt", "w").write(str(total))
`;
// A WorkingDirectory on the workers: one task writes a file from the FILE input, the next reads it.
const WD_FLOW = `id: shared
namespace: deploy.compose
inputs:
  - id: data
    type: FILE
tasks:
  - id: dir
    type: io.kestra.plugin.core.flow.WorkingDirectory
    inputFiles:
      data.csv: "{{ inputs.data }}"
    tasks:
      - id: write
        type: io.kestra.plugin.scripts.shell.Commands
        containerImage: osprey/shell:latest
        commands:
          - tail -n +2 data.csv > rows.txt
      - id: read
        type: io.kestra.plugin.scripts.python.Script
        containerImage: osprey/python:latest
        script: |
          print("read", len(open("rows.txt").read().splitlines()), "rows from the directory")
`;
// Lists the bucket from inside the web container, with its own settings, through the S3 API.
const LIST_BUCKET = `
const { S3Client, ListObjectsV2Command } = require("@aws-sdk/client-s3");
const e = process.env;
const s3 = new S3Client({ endpoint: e.OSPREY_S3_ENDPOINT, region: "us-east-1", forcePathStyle: true,
  credentials: { accessKeyId: e.OSPREY_S3_ACCESS_KEY_ID, secretAccessKey: e.OSPREY_S3_SECRET_ACCESS_KEY } });
s3.send(new ListObjectsV2Command({ Bucket: "osprey" })).then((r) => console.log(JSON.stringify((r.Contents ?? []).map((o) => o.Key))));
`;

let env: NodeJS.ProcessEnv = process.env;
let baseUrl = "";
let token = "";
let databaseUrl = "";

const run = (command: string, args: string[], input?: string) =>
  execFileSync(command, args, { encoding: "utf8", env, input, stdio: ["pipe", "pipe", "pipe"] }).trim();
const compose = (...args: string[]) =>
  run("docker-compose", ["-f", "deploy/docker-compose.yml", "-p", PROJECT, ...args]);
const docker = (...args: string[]) => run("docker", args);
const projectFilter = `label=com.docker.compose.project=${PROJECT}`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const api = deployApi(() => ({ baseUrl, token }));

function diagnostics(): string {
  try {
    return `${compose("ps")}\n${compose("logs", "--tail", "30")}`;
  } catch (err) {
    return String(err);
  }
}

/** The ids of the project's containers of one service. */
const containerOf = (service: string) => compose("ps", "-q", service);

describe.skipIf(!deployTestsWanted())("the compose deployment", () => {
  beforeAll(async () => {
    execFileSync("bash", ["scripts/image.sh"], { stdio: ["ignore", "inherit", "inherit"] });
    execFileSync("bash", ["scripts/ensure-images.sh", "python"], { stdio: ["ignore", "inherit", "inherit"] });
    const port = await freePort();
    // The local bases, should docker-compose have to build an image itself.
    env = { ...process.env, OSPREY_PORT: String(port), OSPREY_NODE_BASE: "osprey/node-base:20" };
    env.OSPREY_DEBIAN_BASE = "osprey/base:bookworm";
    baseUrl = `http://127.0.0.1:${port}`;
    const started = Date.now();
    try {
      compose("up", "-d");
    } catch (err) {
      throw new Error(`docker-compose up failed: ${String(err)}\n${diagnostics()}`);
    }
    // A bounded wait per call: while the server starts, Docker's port proxy may hold a connection open.
    const healthy = () =>
      fetch(`${baseUrl}/api/health`, { signal: AbortSignal.timeout(5_000) }).then(
        (r) => r.ok,
        () => false,
      );
    for (let i = 0; i < 240 && !(await healthy()); i++) await sleep(500);
    console.error(`[deploy] compose up to a healthy web server and running workers in ${Date.now() - started} ms`);
    databaseUrl = compose("exec", "-T", "web", "cat", "/run/osprey/database.url");
  }, 1_800_000);

  afterAll(() => {
    // Task containers the workers may have left after a failure: those of this deployment's database.
    if (databaseUrl) {
      const left = docker("ps", "-aq", "--filter", `label=io.osprey.instance=${instanceId(databaseUrl)}`);
      if (left) docker("rm", "-f", ...left.split("\n"));
    }
    compose("down", "-v", "--remove-orphans");
  }, 120_000);

  it("runs a flow with a FILE input on a worker, its files in the bucket and in no shared folder", async () => {
    const health = await fetch(`${baseUrl}/api/health`).then(
      (r) => r.json(),
      () => diagnostics(),
    );
    // The web server has no Docker engine and needs none; the bucket answers.
    expect(health).toEqual({ status: "UP", database: "UP", docker: "DOWN", storage: "UP" });
    const password = /password:\s+(\S+)/.exec(compose("logs", "web"))?.[1];
    expect(password, diagnostics()).toBeDefined();
    token = await retryingStale(async () =>
      createToken(baseUrl, await signIn(baseUrl, "admin@osprey.local", password!), "compose test"),
    );

    await api("/api/v1/flows", { method: "POST", headers: { "Content-Type": "application/x-yaml" }, body: FLOW });
    const form = new FormData();
    form.append("data", new Blob(["item,qty\nbolt,3\nnut,5\n"], { type: "text/csv" }), "data.csv");
    const { id } = await api<{ id: string }>("/api/v1/executions/deploy.compose/reader", {
      method: "POST",
      body: form,
    });
    const stateOf = async () => (await api<{ state: string }>(`/api/v1/executions/${id}`)).state;
    await expect.poll(stateOf, { timeout: 120_000, interval: 500 }).toBe(State.SUCCESS);

    const execution = await api<{ taskRuns: { taskId: string; workerId: string | null }[] }>(
      `/api/v1/executions/${id}`,
    );
    expect(["worker-1", "worker-2"]).toContain(execution.taskRuns.find((t) => t.taskId === "count")?.workerId);
    const { lines } = await api<{ lines: { message: string }[] }>(`/api/v1/logs/${id}`);
    expect(lines.map((l) => l.message)).toContain("rows 2 total 8");
    const { files } = await api<{ files: { name: string; uri: string }[] }>(`/api/v1/executions/${id}/files`);
    expect(files.map((f) => f.name)).toEqual(["total.txt"]);
    expect(await api(`/api/v1/executions/${id}/file?path=${encodeURIComponent(files[0].uri)}`)).toBe("8");

    // In the bucket: the uploaded input and the output file, under the execution.
    const keys = JSON.parse(compose("exec", "-T", "web", "node", "-e", LIST_BUCKET)) as string[];
    const ofExecution = keys.filter((k) => k.includes(id));
    expect(
      ofExecution.some((k) => k.endsWith("data.csv")),
      keys.join("\n"),
    ).toBe(true);
    expect(
      ofExecution.some((k) => k.endsWith("total.txt")),
      keys.join("\n"),
    ).toBe(true);

    // Nothing shared between web server and workers but the secrets, read-only; no local store used.
    const mounts = (service: string) =>
      JSON.parse(docker("inspect", "-f", "{{json .Mounts}}", containerOf(service))) as {
        Name?: string;
        Destination: string;
        RW: boolean;
      }[];
    for (const service of ["web", "worker-1", "worker-2"]) {
      const volumes = mounts(service).filter((m) => m.Name);
      expect(volumes.map((m) => [m.Name, m.Destination, m.RW])).toEqual([[`${PROJECT}_secrets`, "/run/osprey", false]]);
      expect(compose("exec", "-T", service, "sh", "-c", "test -e /data/storage && echo used || echo unused")).toBe(
        "unused",
      );
    }
    expect(mounts("web").map((m) => m.Destination)).not.toContain("/var/run/docker.sock");
  });

  it("runs a WorkingDirectory with the FILE input on one worker (the web server has no engine)", async () => {
    await api("/api/v1/flows", { method: "POST", headers: { "Content-Type": "application/x-yaml" }, body: WD_FLOW });
    const form = new FormData();
    form.append("data", new Blob(["item,qty\nbolt,3\nnut,5\n"], { type: "text/csv" }), "data.csv");
    const { id } = await api<{ id: string }>("/api/v1/executions/deploy.compose/shared", {
      method: "POST",
      body: form,
    });
    const stateOf = async () => (await api<{ state: string }>(`/api/v1/executions/${id}`)).state;
    await expect.poll(stateOf, { timeout: 180_000, interval: 500 }).toBe(State.SUCCESS);
    const execution = await api<{ taskRuns: { taskId: string; workerId: string | null }[] }>(
      `/api/v1/executions/${id}`,
    );
    const workers = execution.taskRuns
      .filter((t) => t.taskId === "write" || t.taskId === "read")
      .map((t) => t.workerId);
    expect(workers).toHaveLength(2);
    expect(new Set(workers).size, "both tasks of the directory on one worker").toBe(1);
    expect(["worker-1", "worker-2"]).toContain(workers[0]);
    const { lines } = await api<{ lines: { message: string }[] }>(`/api/v1/logs/${id}`);
    expect(lines.map((l) => l.message)).toContain("read 2 rows from the directory");
  });

  it("docker-compose down -v leaves no container, network or volume of the project", () => {
    compose("down", "-v", "--remove-orphans");
    expect(docker("ps", "-aq", "--filter", projectFilter)).toBe("");
    expect(docker("network", "ls", "-q", "--filter", projectFilter)).toBe("");
    expect(docker("volume", "ls", "-q", "--filter", projectFilter)).toBe("");
  }, 120_000);
});
