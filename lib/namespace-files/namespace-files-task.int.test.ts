import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ExecutorDeps } from "../deps/executor-deps";
import { createTestDeps } from "../testing/test-deps";
import { leftoverContainers, runFlow } from "../testing/run-flow";
import { NamespaceFiles } from "./namespace-files";

let deps: ExecutorDeps;
beforeAll(async () => {
  deps = await createTestDeps();
  const files = new NamespaceFiles(deps.storage, "it.nsfiles", deps.config.OSPREY_MAX_NAMESPACE_FILE_BYTES);
  await files.write(
    "scripts/main.py",
    'import os\nfrom helper import greet\nprint(greet("namespace files"), "skip present:", os.path.exists("scripts/skip.py"))\n',
  );
  await files.write("scripts/helper.py", 'def greet(who):\n    return f"hello from {who}"\n');
  await files.write("scripts/skip.py", "raise SystemExit('must not be copied')\n");
  await files.write("scripts/query.sql", "SELECT id, name\nFROM users WHERE active");
  await new NamespaceFiles(deps.storage, "it", deps.config.OSPREY_MAX_NAMESPACE_FILE_BYTES).write(
    "shared/common.txt",
    "from the parent namespace",
  );
  await new NamespaceFiles(deps.storage, "other", deps.config.OSPREY_MAX_NAMESPACE_FILE_BYTES).write(
    "secret.txt",
    "not yours",
  );
});
afterAll(async () => {
  expect(await leftoverContainers(deps)).toEqual([]);
  await deps.db.$disconnect();
});

const messages = (logs: { message: string }[]) => logs.map((l) => l.message);
type Run = { taskId: string; state: string; error: string | null };

describe("namespaceFiles copies namespace files into the task's working directory", () => {
  it("a Python container runs scripts/main.py, importing a sibling file, without the excluded one", async () => {
    const { execution, logs } = await runFlow(
      deps,
      `id: ns_files_python
namespace: it.nsfiles
tasks:
  - id: py
    type: io.kestra.plugin.scripts.python.Commands
    namespaceFiles:
      enabled: true
      include: [scripts/**]
      exclude: ["**/skip.py"]
    env:
      PYTHONPATH: scripts
    commands:
      - python scripts/main.py
`,
    );
    expect(execution.state, JSON.stringify(messages(logs))).toBe("SUCCESS");
    expect(messages(logs)).toContain("hello from namespace files skip present: False");
    expect(messages(logs)).toContain("Loaded 3 namespace files from 'it.nsfiles'");
  });

  it("copies nothing when enabled is false, and a WorkingDirectory shares the files with its tasks", async () => {
    const { execution, logs } = await runFlow(
      deps,
      `id: ns_files_wd
namespace: it.nsfiles
tasks:
  - id: off
    type: io.kestra.plugin.scripts.shell.Commands
    namespaceFiles:
      enabled: false
    commands:
      - test ! -e scripts/main.py && echo "nothing copied"
  - id: wd
    type: io.kestra.plugin.core.flow.WorkingDirectory
    namespaceFiles:
      include: [main.py, helper.py]
      namespaces: [it, it.nsfiles]
      folderPerNamespace: true
    tasks:
      - id: run
        type: io.kestra.plugin.scripts.python.Commands
        commands:
          - cd it.nsfiles/scripts && python main.py
`,
    );
    expect(execution.state, JSON.stringify(messages(logs))).toBe("SUCCESS");
    expect(messages(logs)).toContain("nothing copied");
    expect(messages(logs)).toContain("hello from namespace files skip present: False");
    expect(messages(logs)).toContain("Loaded 2 namespace files from 'it, it.nsfiles'");
  });

  it("keeps an inputFiles entry per ifExists, and refuses a namespace outside the flow's chain", async () => {
    const { execution, logs } = await runFlow(
      deps,
      `id: ns_files_conflict
namespace: it.nsfiles
tasks:
  - id: keep
    type: io.kestra.plugin.scripts.shell.Commands
    inputFiles:
      scripts/query.sql: "mine"
    namespaceFiles:
      include: [query.sql]
      ifExists: WARN
    commands:
      - cat scripts/query.sql
  - id: foreign
    type: io.kestra.plugin.scripts.shell.Commands
    allowFailure: true
    namespaceFiles:
      namespaces: [other]
    commands:
      - cat secret.txt
`,
    );
    expect(messages(logs)).toContain("mine");
    expect(messages(logs)).toContain(
      "namespaceFiles: scripts/query.sql already exists in the working directory; kept (ifExists: WARN)",
    );
    const foreign = (execution.taskRuns as Run[]).find((r) => r.taskId === "foreign")!;
    expect(foreign.state).toBe("WARNING");
    expect(foreign.error).toContain(
      "namespaceFiles.namespaces: the files of namespace other are out of reach of a flow of it.nsfiles",
    );
    expect(messages(logs)).not.toContain("not yours");
  });
});

describe("read() renders a namespace file into a task's properties", () => {
  it("reads scripts/query.sql, a parent namespace's file, and a file an earlier task made", async () => {
    const { execution, logs } = await runFlow(
      deps,
      `id: ns_read
namespace: it.nsfiles
tasks:
  - id: sql
    type: io.kestra.plugin.core.log.Log
    message: "query: {{ read('scripts/query.sql') }}"
  - id: parent
    type: io.kestra.plugin.core.log.Log
    message: "{{ read('shared/common.txt', namespace='it') | upper }}"
  - id: make
    type: io.kestra.plugin.scripts.shell.Commands
    outputFiles: [out.txt]
    commands:
      - printf 'made in a container' > out.txt
  - id: back
    type: io.kestra.plugin.core.log.Log
    message: "{{ read(outputs.make.outputFiles['out.txt']) }}"
`,
    );
    expect(execution.state, JSON.stringify(messages(logs))).toBe("SUCCESS");
    // The Log task writes one line per line of its message.
    expect(messages(logs)).toEqual(expect.arrayContaining(["query: SELECT id, name", "FROM users WHERE active"]));
    expect(messages(logs)).toContain("FROM THE PARENT NAMESPACE");
    expect(messages(logs)).toContain("made in a container");
  });

  it("fails the task, naming the file, when it is missing or in a namespace the flow may not read", async () => {
    const { execution } = await runFlow(
      deps,
      `id: ns_read_bad
namespace: it.nsfiles
tasks:
  - id: missing
    type: io.kestra.plugin.core.log.Log
    allowFailure: true
    message: "{{ read('nope.sql') }}"
  - id: foreign
    type: io.kestra.plugin.core.log.Log
    allowFailure: true
    message: "{{ read('secret.txt', namespace='other') }}"
`,
    );
    const runs = execution.taskRuns as Run[];
    expect(runs.find((r) => r.taskId === "missing")!.error).toContain(
      "read('nope.sql'): file /nope.sql not found in namespace it.nsfiles",
    );
    expect(runs.find((r) => r.taskId === "foreign")!.error).toContain(
      "read('secret.txt'): namespace files: the files of namespace other are out of reach of a flow of it.nsfiles",
    );
  });
});
