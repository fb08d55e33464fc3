import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ExecutorDeps } from "../deps/executor-deps";
import { createTestDeps } from "../testing/test-deps";
import { leftoverContainers, runFlow } from "../testing/run-flow";

let deps: ExecutorDeps;
beforeAll(async () => {
  deps = await createTestDeps();
});
afterAll(async () => {
  await deps.db.$disconnect();
});

describe("running flows in real Docker containers", () => {
  it("runs a Python script to SUCCESS with its lines stored in order", async () => {
    const { execution, logs } = await runFlow(
      deps,
      `id: hello
namespace: it.docker
tasks:
  - id: py
    type: io.kestra.plugin.scripts.python.Script
    warningOnStdErr: false
    script: |
      import sys
      for i in range(1, 6):
          print(f"line {i}")
      print("to stderr", file=sys.stderr)
`,
    );
    expect(execution.state).toBe("SUCCESS");
    expect(execution.taskRuns[0]).toMatchObject({ taskId: "py", state: "SUCCESS", exitCode: 0 });
    const stdout = logs.filter((l) => l.stream === "stdout").map((l) => l.message);
    expect(stdout).toEqual(["line 1", "line 2", "line 3", "line 4", "line 5"]);
    expect(logs.find((l) => l.stream === "stderr")?.message).toBe("to stderr");
    // Sequence numbers count from 1 with no gap.
    expect(logs.map((l) => l.seq)).toEqual(logs.map((_, i) => i + 1));
    expect(await leftoverContainers(deps)).toEqual([]);
  });

  it("fails with the exit code when the script exits 3, and stops the flow there", async () => {
    const { execution, logs } = await runFlow(
      deps,
      `id: exit3
namespace: it.docker
tasks:
  - id: fail
    type: io.kestra.plugin.scripts.shell.Commands
    commands:
      - echo before
      - exit 3
  - id: never
    type: io.kestra.plugin.core.log.Log
    message: must not run
`,
    );
    expect(execution.state).toBe("FAILED");
    expect(execution.taskRuns).toHaveLength(1);
    expect(execution.taskRuns[0]).toMatchObject({ state: "FAILED", exitCode: 3 });
    expect(execution.error).toContain("exited with code 3");
    expect(logs.map((l) => l.message)).toContain("before");
    expect(await leftoverContainers(deps)).toEqual([]);
  });

  it("fails clearly when the image is missing and pullPolicy is NEVER", async () => {
    const { execution, logs } = await runFlow(
      deps,
      `id: noimage
namespace: it.docker
tasks:
  - id: py
    type: io.kestra.plugin.scripts.python.Commands
    docker:
      image: it-missing/does-not-exist:nope
      pullPolicy: NEVER
    commands: ["python -c 'print(1)'"]
`,
    );
    expect(execution.state).toBe("FAILED");
    expect(execution.taskRuns[0].error).toBe(
      "image it-missing/does-not-exist:nope is not present on the Docker engine and pullPolicy is NEVER",
    );
    expect(logs.at(-1)).toMatchObject({ level: "ERROR", stream: "system" });
    expect(await leftoverContainers(deps)).toEqual([]);
  });

  it("runs tasks one after another and reads Kestra's outputs protocol", async () => {
    const { execution, logs } = await runFlow(
      deps,
      `id: seq
namespace: it.docker
tasks:
  - id: first
    type: io.kestra.plugin.core.log.Log
    message: hello from the server
  - id: second
    type: io.kestra.plugin.scripts.shell.Script
    beforeCommands:
      - echo prepared
    script: |
      echo '::{"outputs":{"answer":42}}::'
      echo "cwd=$(pwd) wd=$WORKING_DIR"
`,
    );
    expect(execution.state).toBe("SUCCESS");
    expect(execution.taskRuns.map((t) => t.taskId)).toEqual(["first", "second"]);
    expect(execution.taskRuns[1].outputs).toMatchObject({ vars: { answer: 42 } });
    expect(logs.map((l) => l.message)).toEqual(
      expect.arrayContaining(["hello from the server", "prepared", "cwd=/osprey/wd wd=/osprey/wd"]),
    );
    expect(logs.some((l) => l.message.includes("::{"))).toBe(false);
  });
});

describe("image problems end in a clear state", () => {
  it("fails with the engine's message when a missing image cannot be pulled", async () => {
    const { execution, logs } = await runFlow(
      deps,
      `id: nopull
namespace: it.docker
tasks:
  - id: sh
    type: io.kestra.plugin.scripts.shell.Commands
    docker:
      image: 127.0.0.1:1/osprey/none:latest
    commands: ["true"]
`,
    );
    expect(execution.state).toBe("FAILED");
    expect(execution.taskRuns[0].error).toMatch(/^pull of 127\.0\.0\.1:1\/osprey\/none:latest failed: .+/);
    expect(logs.some((l) => l.message === "Pulling image 127.0.0.1:1/osprey/none:latest")).toBe(true);
    expect(await leftoverContainers(deps)).toEqual([]);
  });
});

describe("oversized output", () => {
  it("stores a 10 MB line cut to the line limit with a visible marker, and goes on", async () => {
    const { execution, logs } = await runFlow(
      deps,
      `id: bigline\nnamespace: it.docker\ntasks:\n  - id: t\n    type: io.kestra.plugin.scripts.python.Commands\n    commands:\n      - python -c "import sys; sys.stdout.write('y' * 10_000_000 + '\\\\n'); print('after')"\n`,
    );
    expect(execution.state, JSON.stringify(logs.map((l) => l.message.slice(0, 80)))).toBe("SUCCESS");
    const big = logs.find((l) => l.message.startsWith("yyy"))!;
    expect(big.message.length).toBeLessThan(70_000);
    expect(big.message.endsWith("…[line truncated]")).toBe(true);
    expect(logs.map((l) => l.message)).toContain("after");
  });
});
