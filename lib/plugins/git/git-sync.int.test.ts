import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readFileByUri } from "../../files/output-files";
import { getFlow } from "../../flows/get-flow";
import { saveFlow } from "../../flows/save-flow";
import { NamespaceFiles } from "../../namespace-files/namespace-files";
import { readIon } from "../../plugin-kit/ion-text";
import { State } from "../../states/states";
import { runFlow } from "../../testing/run-flow";
import { useTestExecutor } from "../../testing/test-executor";
import { saveSettings } from "../../settings/settings";
import { type GitTestServer, startGitServer } from "./git-test-server";

// SyncFlows, SyncFlow and SyncNamespaceFiles in the server, with the git binary, against a Git
// server this test starts on loopback (git http-backend behind basic auth).
const PASSWORD = "sync-pass-3Wd";
// The git server is on loopback: allowed here as an admin would (the refusal is tested below).
const t = useTestExecutor({
  SECRET_GIT_PASSWORD: Buffer.from(PASSWORD).toString("base64"),
  OSPREY_HTTP_ALLOW_PRIVATE: "true",
});
let server: GitTestServer;

const flow = (id: string, namespace: string, message: string) =>
  `id: ${id}\nnamespace: ${namespace}\ntasks:\n  - id: say\n    type: io.kestra.plugin.core.log.Log\n    message: ${message}\n`;

beforeAll(async () => {
  server = await startGitServer("osprey", PASSWORD);
  server.createRepo("flows", {
    "README.md": "not a flow\n",
    "_flows/hello.yml": flow("hello", "anywhere", "hello from git"),
    "_flows/team/etl.yml": flow("etl", "anywhere.team", "etl from git"),
    "_flows/notes.md": "not a flow either\n",
    "_flows/.kestraignore": "skipped.yml\n",
    "_flows/skipped.yml": flow("skipped", "anywhere", "ignored"),
  });
  server.createRepo("files", {
    "_files/scripts/a.py": "print('a from git')\n",
    "_files/data/x.csv": "id\n1\n",
    "_files/.kestraignore": "*.tmp\n",
    "_files/junk.tmp": "ignored\n",
    "_files/.gitkeep": "",
    "_files/link": "-> /etc/passwd",
  });
});
afterAll(() => server?.close());

type Run = { taskId: string; state: string; error: string | null; outputs: Record<string, unknown> | null };
const run = (yaml: string) => runFlow(t.deps, yaml, t.executor);
const connection = () =>
  `    url: ${server.url("flows")}\n    username: osprey\n    password: "{{ secret('GIT_PASSWORD') }}"\n`;

async function diffRows(executionId: string, uri: unknown): Promise<unknown[]> {
  const { content } = await readFileByUri(t.deps, executionId, String(uri));
  const rows: unknown[] = [];
  for await (const row of readIon(Readable.from([content]))) rows.push(row);
  return rows;
}

describe("io.kestra.plugin.git.SyncFlows", () => {
  it("creates, updates and (with delete) removes flows; a dry run changes nothing; the running flow is kept", async () => {
    await saveFlow(t.deps.db, flow("hello", "it.sync", "old hello"), { create: true });
    await saveFlow(t.deps.db, flow("old", "it.sync", "only here"), { create: true });
    const yaml = (dryRun: boolean) => `id: sync_flows
namespace: it.sync
tasks:
  - id: sync
    type: io.kestra.plugin.git.SyncFlows
${connection()}    targetNamespace: it.sync
    includeChildNamespaces: true
    delete: true
    dryRun: ${dryRun}
`;
    const dry = await run(yaml(true));
    expect(dry.execution.state, JSON.stringify(dry.execution.taskRuns)).toBe(State.SUCCESS);
    const planned = await diffRows(dry.execution.id, (dry.execution.taskRuns[0] as Run).outputs?.flows);
    expect(planned).toEqual([
      { syncState: "DELETED", flowId: "old", namespace: "it.sync", revision: 1 },
      { gitPath: "_flows/hello.yml", syncState: "UPDATED", flowId: "hello", namespace: "it.sync", revision: 2 },
      { gitPath: "_flows/team/etl.yml", syncState: "ADDED", flowId: "etl", namespace: "it.sync.team", revision: 1 },
    ]);
    expect((await getFlow(t.deps.db, "it.sync", "hello")).revision).toBe(1);
    expect((await getFlow(t.deps.db, "it.sync", "old")).revision).toBe(1);

    const real = await run(yaml(false));
    expect(real.execution.state).toBe(State.SUCCESS);
    expect(await diffRows(real.execution.id, (real.execution.taskRuns[0] as Run).outputs?.flows)).toEqual(planned);
    const hello = await getFlow(t.deps.db, "it.sync", "hello");
    expect(hello.source).toContain("hello from git");
    expect(hello.source).toContain("namespace: it.sync\n");
    expect(hello.savedBy).toBe(`flow it.sync.sync_flows (execution ${real.execution.id})`);
    expect((await getFlow(t.deps.db, "it.sync.team", "etl")).source).toContain("namespace: it.sync.team");
    await expect(getFlow(t.deps.db, "it.sync", "old")).rejects.toThrow("not found");
    await expect(getFlow(t.deps.db, "it.sync", "skipped")).rejects.toThrow("not found");
    // The flow running the sync is not in Git, and is kept.
    expect((await getFlow(t.deps.db, "it.sync", "sync_flows")).deleted).toBe(false);

    const again = await run(yaml(false));
    const rows = await diffRows(again.execution.id, (again.execution.taskRuns[0] as Run).outputs?.flows);
    expect(rows.map((r) => (r as { syncState: string }).syncState)).toEqual(["UNCHANGED", "UNCHANGED"]);
    expect((await getFlow(t.deps.db, "it.sync", "hello")).revision).toBe(2);
  });

  it("fails on an invalid flow naming its file and line, or skips it with ignoreInvalidFlows", async () => {
    server.commit("flows", {
      "_flows/broken.yml":
        "id: broken\nnamespace: x\ntasks:\n  - id: t\n    type: io.kestra.plugin.core.log.Log\n    mesage: typo\n",
    });
    const yaml = (ignore: boolean) => `id: sync_invalid
namespace: it.invalid
tasks:
  - id: sync
    type: io.kestra.plugin.git.SyncFlows
${connection()}    targetNamespace: it.invalid
    ignoreInvalidFlows: ${ignore}
`;
    const failed = await run(yaml(false));
    const error = (failed.execution.taskRuns[0] as Run).error ?? "";
    expect(failed.execution.state).toBe(State.FAILED);
    expect(error).toContain("Invalid flow imported from Git (_flows/broken.yml): invalid flow:");
    expect(error).toContain("tasks[0].message: required property is missing (line 4, column 5)");

    const skipped = await run(yaml(true));
    expect(skipped.execution.state).toBe(State.SUCCESS);
    expect(skipped.logs.some((l) => l.level === "WARN" && l.message.includes("_flows/broken.yml"))).toBe(true);
    expect((await getFlow(t.deps.db, "it.invalid", "hello")).revision).toBe(1);
    server.commit("flows", { "_flows/broken.yml": null });
  });

  it("refuses a namespace out of the flow's reach, a wrong password and an ext:: URL", async () => {
    const marker = `/tmp/osprey-git-ext-${Date.now()}`;
    const { execution, logs } = await run(`id: sync_refused
namespace: it.refused
tasks:
  - id: reach
    type: io.kestra.plugin.git.SyncFlows
    allowFailure: true
${connection()}    targetNamespace: other.team
  - id: password
    type: io.kestra.plugin.git.SyncFlows
    allowFailure: true
    url: ${server.url("flows")}
    username: osprey
    password: wrong-password-8Yh
    targetNamespace: it.refused
  - id: ext
    type: io.kestra.plugin.git.SyncFlows
    url: "{{ 'ext::sh -c touch% ${marker}' }}"
    targetNamespace: it.refused
`);
    const runs = execution.taskRuns as Run[];
    const error = (id: string) => runs.find((r) => r.taskId === id)?.error ?? "";
    expect(execution.state).toBe(State.FAILED);
    expect(error("reach")).toBe("the flows of namespace other.team are out of reach of a flow of it.refused");
    expect(error("password")).toContain("Authentication failed");
    expect(error("ext")).toContain("ext:: transport runs a command");
    expect(existsSync(marker)).toBe(false);
    expect(JSON.stringify(logs) + JSON.stringify(runs.map((r) => r.error))).not.toContain("wrong-password-8Yh");
  });
  it("is under the address rules and OSPREY_GIT_HOSTS: a loopback server is refused unless an admin allows it, a host off the admin's list too", async () => {
    const flowOf = (id: string) =>
      `id: ${id}\nnamespace: it.reach\ntasks:\n  - id: sync\n    type: io.kestra.plugin.git.SyncFlows\n${connection()}    targetNamespace: it.reach\n`;
    const settle = (patch: Record<string, string>) => saveSettings(t.deps.db, t.deps.config, patch, "test");
    const errorOf = async (id: string) => ((await run(flowOf(id))).execution.taskRuns as Run[])[0].error;
    try {
      await settle({ OSPREY_HTTP_ALLOW_PRIVATE: "false" });
      expect(await errorOf("reach_private")).toBe(
        "refused to connect to 127.0.0.1: a loopback address, not public; an admin may allow it with OSPREY_HTTP_ALLOW_PRIVATE or OSPREY_HTTP_ALLOWED_NETWORKS",
      );
      await settle({ OSPREY_HTTP_ALLOW_PRIVATE: "", OSPREY_GIT_HOSTS: "github.com" });
      expect(await errorOf("reach_listed")).toBe(
        "git may not go to 127.0.0.1: an admin allows only github.com (OSPREY_GIT_HOSTS)",
      );
    } finally {
      await settle({ OSPREY_HTTP_ALLOW_PRIVATE: "", OSPREY_GIT_HOSTS: "" });
    }
  });

  it("kills git and what it started when the task times out", async () => {
    const { execution } = await run(`id: sync_stall
namespace: it.stall
tasks:
  - id: sync
    type: io.kestra.plugin.git.SyncFlows
    timeout: PT2S
    url: ${server.url("stall")}
    targetNamespace: it.stall
`);
    expect(execution.state).toBe(State.FAILED);
    expect((execution.taskRuns[0] as Run).error).toContain("timed out after PT2S");
    const processes = execFileSync("ps", ["-eo", "args"], { encoding: "utf8" });
    expect(processes).not.toContain(server.url("stall"));
  });
});

describe("io.kestra.plugin.git.SyncFlow", () => {
  it("saves one file of the branch into the target namespace", async () => {
    const { execution } = await run(`id: sync_one
namespace: it.one
tasks:
  - id: sync
    type: io.kestra.plugin.git.SyncFlow
${connection()}    targetNamespace: it.one.dev
    flowPath: _flows/team/etl.yml
`);
    expect(execution.state).toBe(State.SUCCESS);
    expect((execution.taskRuns[0] as Run).outputs).toEqual({ flowId: "etl", namespace: "it.one.dev", revision: 1 });
    expect((await getFlow(t.deps.db, "it.one.dev", "etl")).source).toContain("etl from git");
  });
});

describe("io.kestra.plugin.git.SyncNamespaceFiles", () => {
  it("writes the folder's files as namespace files, never a symlink's target; delete removes the rest", async () => {
    const max = t.deps.config.OSPREY_MAX_NAMESPACE_FILE_BYTES;
    const files = new NamespaceFiles(t.deps.storage, "it.files", max);
    await files.write("scripts/a.py", "print('old a')\n");
    await files.write("data/x.csv", "id\n1\n");
    await files.write("old.txt", "only here\n");
    const yaml = (dryRun: boolean) => `id: sync_files
namespace: it.files
tasks:
  - id: sync
    type: io.kestra.plugin.git.SyncNamespaceFiles
    url: ${server.url("files")}
    username: osprey
    password: "{{ secret('GIT_PASSWORD') }}"
    delete: true
    dryRun: ${dryRun}
`;
    const dry = await run(yaml(true));
    expect(dry.execution.state, JSON.stringify(dry.execution.taskRuns)).toBe(State.SUCCESS);
    const planned = await diffRows(dry.execution.id, (dry.execution.taskRuns[0] as Run).outputs?.files);
    expect(planned).toEqual([
      { syncState: "DELETED", kestraPath: "/old.txt" },
      { gitPath: "_files/data/x.csv", syncState: "UNCHANGED", kestraPath: "/data/x.csv" },
      { gitPath: "_files/scripts/a.py", syncState: "OVERWRITTEN", kestraPath: "/scripts/a.py" },
    ]);
    expect(await files.allFiles()).toEqual(["data/x.csv", "old.txt", "scripts/a.py"]);
    expect(dry.logs.some((l) => l.level === "WARN" && l.message.includes("_files/link: a symbolic link"))).toBe(true);

    const real = await run(yaml(false));
    expect(real.execution.state).toBe(State.SUCCESS);
    expect(await files.allFiles()).toEqual(["data/x.csv", "scripts/a.py"]);
    expect((await files.read("scripts/a.py")).toString()).toBe("print('a from git')\n");
  });
});
