import { execFileSync } from "node:child_process";
import { State } from "../states/states";
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createToken, signIn } from "../testing/accounts";
import { deployApi, retryingStale } from "../testing/deploy-api";
import { deployTestsWanted } from "./deploy-tests-wanted";

// Osprey's image run as its README says, `docker run` with the host's Docker socket and a data
// volume: it serves, prints the first admin's password, runs a Python task in a container on the
// host's engine (osprey/python, scripts/ensure-images.sh), and keeps everything across a restart.
// The image is built by scripts/image.sh (skipped when its sources have not changed). The
// PostgreSQL pass of the integration tests skips this file: the image brings its own database.

const IMAGE = process.env.OSPREY_IMAGE ?? "osprey/osprey:latest";
const NAME = `osprey-image-test-${randomBytes(4).toString("hex")}`;
const VOLUME = `${NAME}-data`;
const FLOW = `id: hello
namespace: deploy.image
tasks:
  - id: py
    type: io.kestra.plugin.scripts.python.Script
    containerImage: osprey/python:latest
    outputFiles: ["report.csv"]
    script: |
      import platform
      print("hello from python", platform.python_version(), 6 * 7)
      open("report.csv", "w").write("a,b\\n1,2\\n")
`;

const docker = (...args: string[]) => execFileSync("docker", args, { encoding: "utf8" }).trim();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let baseUrl = "";
let token = "";
let password = "";
let executionId = "";

const api = deployApi(() => ({ baseUrl, token }));

/** Waits for /api/health to answer 200; on a timeout, the container's state and last lines. */
async function waitHealthy(): Promise<void> {
  for (let i = 0; i < 240; i++) {
    // A bounded wait per call: while the server starts, Docker's port proxy may hold a connection open.
    const up = await fetch(`${baseUrl}/api/health`, { signal: AbortSignal.timeout(5_000) }).then(
      (r) => r.ok,
      () => false,
    );
    if (up) return;
    if (docker("inspect", "-f", "{{.State.Status}}", NAME) === "exited") break;
    await sleep(500);
  }
  throw new Error(`${NAME} did not become healthy:\n${diagnostics()}`);
}

function diagnostics(): string {
  try {
    return `${docker("inspect", "-f", "{{.State.Status}} {{.State.ExitCode}}", NAME)}\n${execFileSync("docker", ["logs", "--tail", "40", NAME], { encoding: "utf8", stdio: "pipe" })}`;
  } catch (err) {
    return String(err);
  }
}

const publishedUrl = () => `http://${docker("port", NAME, "3000/tcp").split("\n")[0]}`;

async function stateOf(id: string): Promise<string> {
  return (await api<{ state: string }>(`/api/v1/executions/${id}`)).state;
}

describe.skipIf(!deployTestsWanted())("the Osprey image with docker run", () => {
  beforeAll(async () => {
    execFileSync("bash", ["scripts/image.sh"], { stdio: ["ignore", "inherit", "inherit"] });
    execFileSync("bash", ["scripts/ensure-images.sh", "python"], { stdio: ["ignore", "inherit", "inherit"] });
    docker(
      "run",
      "-d",
      "--name",
      NAME,
      "-p",
      "127.0.0.1::3000",
      "-v",
      "/var/run/docker.sock:/var/run/docker.sock",
      "-v",
      `${VOLUME}:/data`,
      IMAGE,
    );
    baseUrl = publishedUrl();
    await waitHealthy();
    password = /password:\s+(\S+)/.exec(docker("logs", NAME))?.[1] ?? "";
  }, 1_800_000);

  afterAll(() => {
    if (docker("ps", "-aq", "--filter", `name=^${NAME}$`)) {
      // The task containers it started carry its host name (the container's id) as their owner.
      const owner = docker("inspect", "-f", "{{.Config.Hostname}}", NAME);
      const left = docker("ps", "-aq", "--filter", `label=io.osprey.owner=${owner}`).split("\n").filter(Boolean);
      if (left.length) docker("rm", "-f", ...left);
      docker("rm", "-f", NAME);
    }
    if (docker("volume", "ls", "-q", "--filter", `name=^${VOLUME}$`)) docker("volume", "rm", VOLUME);
  });

  it("serves as a non-root user, signs in with the printed password, runs a Python task on the host's engine", async () => {
    expect(await (await fetch(`${baseUrl}/api/health`)).json()).toEqual({
      status: "UP",
      database: "UP",
      docker: "UP",
      storage: "UP",
    });
    expect(password, diagnostics()).toMatch(/^\S{12,}$/);
    token = await retryingStale(async () =>
      createToken(baseUrl, await signIn(baseUrl, "admin@osprey.local", password), "image test"),
    );

    // The server's processes run as the image's osprey user (uid 10001), the socket's group added.
    const processes = docker("top", NAME, "-eo", "pid,uid,args").split("\n").slice(1);
    const server = processes.filter((p) => p.includes("next-server") || p.includes("next start"));
    expect(server.length, processes.join("\n")).toBeGreaterThan(0);
    for (const p of server) expect(p.trim().split(/\s+/)[1]).toBe("10001");

    await api("/api/v1/flows", { method: "POST", headers: { "Content-Type": "application/x-yaml" }, body: FLOW });
    executionId = (await api<{ id: string }>("/api/v1/executions/deploy.image/hello", { method: "POST" })).id;
    await expect.poll(() => stateOf(executionId), { timeout: 120_000, interval: 500 }).toBe(State.SUCCESS);
    const { lines } = await api<{ lines: { message: string }[] }>(`/api/v1/logs/${executionId}`);
    expect(lines.map((l) => l.message)).toContainEqual(expect.stringMatching(/^hello from python 3\.\d+\.\d+ 42$/));
    const { files } = await api<{ files: { name: string; uri: string }[] }>(`/api/v1/executions/${executionId}/files`);
    expect(files.map((f) => f.name)).toEqual(["report.csv"]);
    // The image's HEALTHCHECK agrees.
    await expect
      .poll(() => docker("inspect", "-f", "{{.State.Health.Status}}", NAME), { timeout: 60_000, interval: 1_000 })
      .toBe("healthy");
  });

  it("keeps its database, files, accounts and session secret across docker restart", async () => {
    expect(executionId).not.toBe("");
    docker("restart", NAME);
    // A restarted container may get another host port.
    baseUrl = publishedUrl();
    await waitHealthy();
    // No second admin: the password was printed once.
    expect(docker("logs", NAME).match(/password:\s+\S+/g)).toHaveLength(1);
    // The token made before the restart still signs in, and so does the printed password.
    const { results } = await api<{ results: { id: string; state: string }[] }>(
      "/api/v1/executions/search?namespace=deploy.image",
    );
    expect(results.map((e) => [e.id, e.state])).toEqual([[executionId, State.SUCCESS]]);
    await retryingStale(() => signIn(baseUrl, "admin@osprey.local", password));
    const { files } = await api<{ files: { name: string; uri: string }[] }>(`/api/v1/executions/${executionId}/files`);
    expect(await api(`/api/v1/executions/${executionId}/file?path=${encodeURIComponent(files[0].uri)}`)).toBe(
      "a,b\n1,2\n",
    );
  }, 240_000);
});
