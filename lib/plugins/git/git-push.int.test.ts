import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readFileByUri } from "../../files/output-files";
import { deleteFlow } from "../../flows/delete-flow";
import { saveFlow } from "../../flows/save-flow";
import { NamespaceFiles } from "../../namespace-files/namespace-files";
import { readIon } from "../../plugin-kit/ion-text";
import { State } from "../../states/states";
import { runFlow } from "../../testing/run-flow";
import { useTestExecutor } from "../../testing/test-executor";
import { type GitTestServer, startGitServer } from "./git-test-server";

// PushFlows and PushNamespaceFiles in the server, with the git binary, pushing to a Git server this
// test starts on loopback; what arrived is read with git in the bare repository.
const PASSWORD = "push-pass-5Tg";
// The git server is on loopback: allowed here as an admin would (lib/plugins/git/git-sync.int.test.ts tests the refusal).
const t = useTestExecutor({
  SECRET_GIT_PASSWORD: Buffer.from(PASSWORD).toString("base64"),
  OSPREY_HTTP_ALLOW_PRIVATE: "true",
});
let server: GitTestServer;

const flow = (id: string, namespace: string) =>
  `id: ${id}\nnamespace: ${namespace}\ntasks:\n  - id: say\n    type: io.kestra.plugin.core.log.Log\n    message: ${id} in ${namespace}\n`;

beforeAll(async () => {
  server = await startGitServer("osprey", PASSWORD);
  server.createRepo("empty");
  server.createRepo("files", { "README.md": "kept\n", "_files/other.txt": "not a namespace file\n" });
  for (const [id, ns] of [
    ["a", "it.push.src"],
    ["b", "it.push.src"],
    ["c", "it.push.src.child"],
  ])
    await saveFlow(t.deps.db, flow(id, ns), { create: true });
});
afterAll(() => server?.close());

type Run = { taskId: string; state: string; error: string | null; outputs: Record<string, unknown> | null };
const run = (yaml: string) => runFlow(t.deps, yaml, t.executor);
const git = (repo: string, ...args: string[]) => server.git(repo, args).trim();

async function diffRows(executionId: string, uri: unknown): Promise<unknown[]> {
  const { content } = await readFileByUri(t.deps, executionId, String(uri));
  const rows: unknown[] = [];
  for await (const row of readIon(Readable.from([content]))) rows.push(row);
  return rows;
}

describe("io.kestra.plugin.git.PushFlows", () => {
  const yaml = (extra: string, target = "prod") => `id: push_flows
namespace: it.push
tasks:
  - id: push
    type: io.kestra.plugin.git.PushFlows
    url: ${server.url("empty")}
    username: osprey
    password: "{{ secret('GIT_PASSWORD') }}"
    sourceNamespace: it.push.src
    targetNamespace: ${target}
    includeChildNamespaces: true
    authorName: Osprey Bot
    authorEmail: bot@example.com
    commitMessage: "flows of {{ flow.namespace }}"
${extra}`;

  it("commits the namespace's flows to a new branch of an empty repository, namespaces rewritten", async () => {
    const { execution, logs } = await run(yaml(""));
    const push = execution.taskRuns[0] as Run;
    expect(execution.state, JSON.stringify([push.error, logs.map((l) => l.message)])).toBe(State.SUCCESS);
    const id = git("empty", "rev-parse", "main");
    expect(push.outputs?.commitId).toBe(id);
    expect(push.outputs?.commitURL).toBe(`http://127.0.0.1:${server.port}/empty/commit/${id}`);
    expect(git("empty", "log", "-1", "--format=%an <%ae>|%cn <%ce>|%B", "main")).toBe(
      "Osprey Bot <bot@example.com>|Osprey Bot <bot@example.com>|flows of it.push",
    );
    expect(git("empty", "ls-tree", "-r", "--name-only", "main")).toBe("_flows/a.yml\n_flows/b.yml\n_flows/child/c.yml");
    // Only the `namespace:` line is rewritten, as Kestra does.
    expect(git("empty", "show", "main:_flows/a.yml")).toBe(
      flow("a", "it.push.src").replace("namespace: it.push.src", "namespace: prod").trim(),
    );
    expect(git("empty", "show", "main:_flows/child/c.yml")).toContain("namespace: prod.child\n");
    expect(await diffRows(execution.id, push.outputs?.flows)).toEqual([
      { changes: "0", file: "_flows/a.yml", deletions: "-0", additions: "+6" },
      { changes: "0", file: "_flows/b.yml", deletions: "-0", additions: "+6" },
      { changes: "0", file: "_flows/child/c.yml", deletions: "-0", additions: "+6" },
    ]);
    expect(logs.map((l) => l.message)).toContain(`Pushed to ${push.outputs?.commitURL}`);
  });

  it("removes a deleted flow's file (a dry run only reports it), and pushes nothing when nothing changed", async () => {
    await deleteFlow(t.deps.db, "it.push.src", "b");
    const head = git("empty", "rev-parse", "main");
    const dry = await run(yaml("    dryRun: true\n"));
    const dryPush = dry.execution.taskRuns[0] as Run;
    expect(dry.execution.state).toBe(State.SUCCESS);
    expect(dryPush.outputs?.commitId).toBeUndefined();
    expect(await diffRows(dry.execution.id, dryPush.outputs?.flows)).toEqual([
      { changes: "0", file: "_flows/b.yml", deletions: "-6", additions: "+0" },
    ]);
    expect(git("empty", "rev-parse", "main")).toBe(head);

    const real = await run(yaml(""));
    expect(real.execution.state).toBe(State.SUCCESS);
    expect(git("empty", "ls-tree", "-r", "--name-only", "main")).toBe("_flows/a.yml\n_flows/child/c.yml");
    expect(git("empty", "rev-parse", "main^")).toBe(head);

    const same = await run(yaml(""));
    expect((same.execution.taskRuns[0] as Run).outputs?.commitId).toBeUndefined();
    expect(same.logs.map((l) => l.message)).toContain("No changes to commit. Skipping push.");
  });

  it("creates a missing branch from the default one", async () => {
    const { execution } = await run(yaml("    branch: release\n    flows: a\n", "staging"));
    expect(execution.state).toBe(State.SUCCESS);
    expect(git("empty", "rev-parse", "release^")).toBe(git("empty", "rev-parse", "main"));
    // `flows: a` manages a.yml only: c.yml (not matched) stays as main has it.
    expect(git("empty", "ls-tree", "-r", "--name-only", "release")).toBe("_flows/a.yml\n_flows/child/c.yml");
    expect(git("empty", "show", "release:_flows/a.yml")).toContain("namespace: staging\n");
  });
});

describe("io.kestra.plugin.git.PushNamespaceFiles", () => {
  it("commits the files `files` matches and removes the ones deleted since, leaving the others", async () => {
    const files = new NamespaceFiles(t.deps.storage, "it.push", t.deps.config.OSPREY_MAX_NAMESPACE_FILE_BYTES);
    await files.write("scripts/a.py", "print('a')\n");
    await files.write("scripts/b.py", "print('b')\n");
    await files.write("data.csv", "id\n1\n");
    const yaml = `id: push_files
namespace: it.push
tasks:
  - id: push
    type: io.kestra.plugin.git.PushNamespaceFiles
    url: ${server.url("files")}
    username: osprey
    password: "{{ secret('GIT_PASSWORD') }}"
    files: "scripts/**"
    authorName: Files Bot
    authorEmail: files@example.com
`;
    const first = await run(yaml);
    const push = first.execution.taskRuns[0] as Run;
    expect(first.execution.state, String(push.error)).toBe(State.SUCCESS);
    expect(git("files", "log", "-1", "--format=%an <%ae>|%B", "main")).toBe(
      "Files Bot <files@example.com>|Add files from it.push namespace",
    );
    expect(git("files", "ls-tree", "-r", "--name-only", "main")).toBe(
      "README.md\n_files/other.txt\n_files/scripts/a.py\n_files/scripts/b.py",
    );
    expect(git("files", "show", "main:_files/scripts/b.py")).toBe("print('b')");
    expect(await diffRows(first.execution.id, push.outputs?.files)).toEqual([
      { changes: "0", file: "_files/scripts/a.py", deletions: "-0", additions: "+1" },
      { changes: "0", file: "_files/scripts/b.py", deletions: "-0", additions: "+1" },
    ]);

    await files.delete("scripts/b.py");
    await files.write("scripts/a.py", "print('a, changed')\n");
    const second = await run(yaml);
    expect(second.execution.state).toBe(State.SUCCESS);
    expect(git("files", "ls-tree", "-r", "--name-only", "main")).toBe(
      "README.md\n_files/other.txt\n_files/scripts/a.py",
    );
    expect(git("files", "show", "main:_files/scripts/a.py")).toBe("print('a, changed')");
    expect(await diffRows(second.execution.id, (second.execution.taskRuns[0] as Run).outputs?.files)).toEqual([
      { changes: "1", file: "_files/scripts/a.py", deletions: "-0", additions: "+0" },
      { changes: "0", file: "_files/scripts/b.py", deletions: "-1", additions: "+0" },
    ]);
  });
});
