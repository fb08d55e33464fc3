import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseFlow } from "../../flow/parse-flow";
import { State } from "../../states/states";
import { runFlow } from "../../testing/run-flow";
import { useTestExecutor } from "../../testing/test-executor";
import { type GitTestServer, startGitServer } from "./git-test-server";

// Kestra's Clone in a container of Osprey's shell image, against a Git server this test starts
// (git http-backend behind basic auth), reached from the container through the Docker bridge.
const PASSWORD = "clone-pass-7Qx";
const WRONG_SECRET = "wrong-secret-9Zk";
const t = useTestExecutor({
  SECRET_GIT_PASSWORD: Buffer.from(PASSWORD).toString("base64"),
  SECRET_GIT_WRONG: Buffer.from(WRONG_SECRET).toString("base64"),
});
let server: GitTestServer;
let gateway = "";

beforeAll(async () => {
  server = await startGitServer("osprey", PASSWORD);
  server.createRepo("app", { "README.md": "hello from the repository\n", "scripts/hello.sh": "echo hello script\n" });
  server.commit("app", { "README.md": "hello from the second commit\n" });
  server.commit("app", { "feature.txt": "on the feature branch\n" }, "feature");
  const bridge = await t.deps.docker.getNetwork("bridge").inspect();
  gateway = bridge.IPAM?.Config?.[0]?.Gateway ?? "172.17.0.1";
});
afterAll(() => server?.close());

type Run = {
  taskId: string;
  state: string;
  error: string | null;
  outputs: { vars?: Record<string, unknown> } | null;
  properties: unknown;
};
const run = (yaml: string) => runFlow(t.deps, yaml, t.executor);

describe("io.kestra.plugin.git.Clone", () => {
  it("clones into a WorkingDirectory (beside its input files) so the next tasks read the repository", async () => {
    const { execution, logs } = await run(`id: clone_wd
namespace: it.git
tasks:
  - id: wdir
    type: io.kestra.plugin.core.flow.WorkingDirectory
    inputFiles:
      notes.txt: "kept beside the clone\\n"
    tasks:
      - id: clone
        type: io.kestra.plugin.git.Clone
        url: ${server.url("app", gateway)}
        username: osprey
        password: "{{ secret('GIT_PASSWORD') }}"
        branch: main
      - id: feature
        type: io.kestra.plugin.git.Clone
        url: ${server.url("app", gateway)}
        username: osprey
        password: "{{ secret('GIT_PASSWORD') }}"
        branch: feature
        directory: feat
        depth: 2
      - id: read
        type: io.kestra.plugin.scripts.shell.Commands
        commands:
          - cat README.md notes.txt feat/feature.txt
          - sh scripts/hello.sh
          - echo "commits $(git log --oneline | wc -l) on $(git rev-parse --abbrev-ref HEAD), feature $(git -C feat rev-parse --abbrev-ref HEAD)"
          - echo "branches $(git branch -r | grep -v HEAD | tr -d ' ' | tr '\\n' ' ')"
`);
    const text = logs.map((l) => l.message);
    expect(execution.state, JSON.stringify(text.slice(-20))).toBe(State.SUCCESS);
    expect(text).toEqual(
      expect.arrayContaining([
        "hello from the second commit",
        "kept beside the clone",
        "on the feature branch",
        "hello script",
        // Kestra's depth 1 on the branch asked for; every branch fetched (cloneAllBranches).
        "commits 1 on main, feature feature",
        "branches origin/feature origin/main ",
        `Start cloning from '${server.url("app", gateway)}'`,
      ]),
    );
    const runs = execution.taskRuns as Run[];
    expect(runs.find((r) => r.taskId === "clone")?.outputs?.vars).toEqual({ directory: "/osprey/wd" });
    expect(runs.find((r) => r.taskId === "feature")?.outputs?.vars).toEqual({ directory: "/osprey/wd/feat" });
    // Kestra's Clone outputs `directory` itself: `{{ outputs.feature.directory }}`.
    const feature = runs.find((r) => r.taskId === "feature")?.outputs as { directory?: string } | undefined;
    expect(feature?.directory).toBe("/osprey/wd/feat");
  });

  it("fails on a wrong password with git's message, the password in no log line and no stored property", async () => {
    const plain = "plain-wrong-4Rt";
    const before = server.requests.length;
    const { execution, logs } = await run(`id: clone_wrong
namespace: it.git
tasks:
  - id: plain
    type: io.kestra.plugin.git.Clone
    allowFailure: true
    url: ${server.url("app", gateway)}
    username: osprey
    password: ${plain}
  - id: secret
    type: io.kestra.plugin.git.Clone
    url: ${server.url("app", gateway)}
    username: osprey
    password: "{{ secret('GIT_WRONG') }}"
`);
    const text = logs.map((l) => l.message);
    expect(execution.state).toBe(State.FAILED);
    const failed = text.filter((m) => m.includes("Authentication failed"));
    expect(failed, JSON.stringify(text)).toHaveLength(2);
    expect(failed[0]).toContain(server.url("app", gateway));
    for (const secret of [plain, WRONG_SECRET]) expect(text.join("\n")).not.toContain(secret);
    const secretRun = (execution.taskRuns as Run[]).find((r) => r.taskId === "secret")!;
    expect(secretRun.state).toBe(State.FAILED);
    expect(secretRun.error).toContain("exited with code 128");
    expect(JSON.stringify(secretRun)).not.toContain(WRONG_SECRET);
    // The server saw both attempts (with the credentials asked for), and let none in.
    const seen = server.requests.slice(before);
    expect(seen.length).toBeGreaterThanOrEqual(4);
    expect(seen.filter((r) => r.authorized)).toEqual([]);
  });

  it("refuses a URL git would run a command for: when the flow is saved, and once rendered", async () => {
    const written = parseFlow(`id: clone_ext
namespace: it.git
tasks:
  - id: clone
    type: io.kestra.plugin.git.Clone
    url: "ext::sh -c touch% /tmp/pwned"
`);
    expect(written.ok).toBe(false);
    if (!written.ok) expect(JSON.stringify(written.problems)).toContain("ext:: transport runs a command");

    const { execution } = await run(`id: clone_ext_rendered
namespace: it.git
tasks:
  - id: clone
    type: io.kestra.plugin.git.Clone
    url: "{{ 'ext::sh -c touch% /tmp/pwned' }}"
`);
    const clone = (execution.taskRuns as Run[])[0];
    expect(clone.state).toBe(State.FAILED);
    expect(clone.error).toContain("ext:: transport runs a command");
  });
});
