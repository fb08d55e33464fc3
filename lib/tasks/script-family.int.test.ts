import { State } from "../states/states";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ExecutorDeps } from "../deps/executor-deps";
import { Executor } from "../orchestrator/executor";
import { createExecution } from "../executions/create-execution";
import { createTestDeps } from "../testing/test-deps";
import { leftoverContainers, runFlow, waitForEnd } from "../testing/run-flow";
import { saveFlow } from "../flows/save-flow";
import { readFileByUri } from "../files/output-files";

let deps: ExecutorDeps;
beforeAll(async () => {
  deps = await createTestDeps({ SECRET_ENV_TOKEN: Buffer.from("env-token-value").toString("base64") });
});
afterAll(async () => {
  expect(await leftoverContainers(deps)).toEqual([]);
  await deps.db.$disconnect();
});

const messages = (logs: { message: string }[]) => logs.map((l) => l.message);

describe("every script language runs a Script and a Commands task in its own container", () => {
  const languages: [string, string, string][] = [
    ["python", 'import sys; print("py script", sys.version_info[0])', "python -c 'print(\"py commands\")'"],
    ["node", 'console.log("node script", typeof process.version)', "node -e 'console.log(\"node commands\")'"],
    ["r", 'cat("r script", 1 + 1, "\\n")', "Rscript -e 'cat(\"r commands\\n\")'"],
    ["shell", 'echo "shell script $((1 + 1))"', "echo shell commands"],
  ];
  for (const [family, script, command] of languages) {
    it(family, async () => {
      const { execution, logs } = await runFlow(
        deps,
        `id: lang_${family}
namespace: it.family
tasks:
  - id: script
    type: io.kestra.plugin.scripts.${family}.Script
    script: '${script.replace(/'/g, "''")}'
  - id: commands
    type: io.kestra.plugin.scripts.${family}.Commands
    commands:
      - "${command.replace(/"/g, '\\"')}"
`,
      );
      expect(execution.state, JSON.stringify(logs.slice(-5))).toBe(State.SUCCESS);
      expect(execution.taskRuns.map((t) => t.state)).toEqual([State.SUCCESS, State.SUCCESS]);
      const ids = new Set(execution.taskRuns.map((t) => t.containerId));
      expect(ids.size).toBe(2); // each task in its own container
      const text = messages(logs).join("\n");
      expect(text).toContain(`${family === "python" ? "py" : family} script`);
      expect(text).toContain(`${family === "python" ? "py" : family} commands`);
    });
  }

  it("julia, where a Julia image exists", async (ctx) => {
    const image = deps.config.OSPREY_IMAGE_JULIA;
    const present = await deps.docker
      .getImage(image)
      .inspect()
      .then(
        () => true,
        () => false,
      );
    if (!present) {
      console.log(
        `[skip] julia: no image ${image} on this Docker engine and no registry to pull it from; set OSPREY_IMAGE_JULIA to a local Julia image to run this test`,
      );
      ctx.skip();
    }
    const { execution, logs } = await runFlow(
      deps,
      `id: lang_julia\nnamespace: it.family\ntasks:\n  - id: jl\n    type: io.kestra.plugin.scripts.julia.Script\n    script: println("julia ", 1 + 1)\n`,
    );
    expect(execution.state).toBe(State.SUCCESS);
    expect(messages(logs)).toContain("julia 2");
  });
});

describe("outputs, files and Kestra's task properties", () => {
  it("passes outputs from Python to Node.js to Shell, with inputs and execution variables", async () => {
    await saveFlow(
      deps.db,
      `id: chain
namespace: it.family
inputs:
  - id: who
    type: STRING
    defaults: team
tasks:
  - id: py
    type: io.kestra.plugin.scripts.python.Script
    script: |
      print('::{"outputs":{"n":21,"word":"osprey"}}::')
      print('::{"metrics":[{"name":"rows","type":"counter","value":3}]}::')
  - id: js
    type: io.kestra.plugin.scripts.node.Script
    script: |
      const n = {{ outputs.py.vars.n }} * 2;
      console.log('::' + JSON.stringify({ outputs: { doubled: n, shout: "{{ outputs.py.vars.word | upper }}" } }) + '::');
  - id: sh
    type: io.kestra.plugin.scripts.shell.Commands
    commands:
      - echo "{{ outputs.js.vars.doubled }} {{ outputs.js.vars.shout }} for {{ inputs.who }} in {{ flow.namespace }}.{{ flow.id }}"
      - echo "exec={{ execution.id }} run={{ taskrun.id }}"
`,
      { create: true },
    );
    const created = await createExecution(deps.db, "it.family", "chain", { who: "data" });
    const executor = new Executor(deps);
    executor.start();
    const execution = await waitForEnd(deps, created.id);
    await executor.stop();
    expect(execution.state).toBe(State.SUCCESS);
    expect(execution.taskRuns[0].outputs).toMatchObject({ vars: { n: 21 }, metrics: [{ name: "rows", value: 3 }] });
    expect(execution.taskRuns[1].outputs).toMatchObject({ vars: { doubled: 42, shout: "OSPREY" } });
    const { readLogs } = await import("../logs/read-logs");
    const lines = messages(await readLogs(deps.db, created.id));
    expect(lines).toContain("42 OSPREY for data in it.family.chain");
    expect(lines).toContain(`exec=${created.id} run=${execution.taskRuns[2].id}`);
  });

  it("hands an outputFiles file and an OUTPUT_DIR file to the next task, and runs beforeCommands", async () => {
    const { execution, logs } = await runFlow(
      deps,
      `id: files
namespace: it.family
tasks:
  - id: make
    type: io.kestra.plugin.scripts.python.Script
    inputFiles:
      seed.txt: "from inputFiles"
    beforeCommands:
      - echo before > before.txt
    outputFiles:
      - "*.csv"
      - reports/**
    script: |
      import os
      seed = open("seed.txt").read()
      before = open("before.txt").read().strip()
      open("data.csv", "w").write(f"a,b\\n1,{seed}\\n")
      os.makedirs("reports", exist_ok=True)
      open("reports/r.txt", "w").write(before)
      open("ignored.log", "w").write("not kept")
      open(os.environ["OUTPUT_DIR"] + "/from-output-dir.json", "w").write('{"ok":true}')
  - id: read
    type: io.kestra.plugin.scripts.shell.Commands
    inputFiles:
      in.csv: "{{ outputs.make.outputFiles['data.csv'] }}"
      flag.json: "{{ outputs.make.outputFiles['from-output-dir.json'] }}"
    commands:
      - cat in.csv
      - cat flag.json
`,
    );
    expect(execution.state, JSON.stringify(logs.slice(-5))).toBe(State.SUCCESS);
    const files = (execution.taskRuns[0].outputs as { outputFiles: Record<string, string> }).outputFiles;
    expect(Object.keys(files).sort()).toEqual(["data.csv", "from-output-dir.json", "reports/r.txt"]);
    expect((await readFileByUri(deps, execution.id, files["reports/r.txt"])).content.toString()).toBe("before");
    expect(messages(logs)).toEqual(expect.arrayContaining(["a,b", "1,from inputFiles", '{"ok":true}']));
    await expect(readFileByUri(deps, "another-execution", files["data.csv"])).rejects.toThrow(/does not belong/);
  });

  it("kills a task at its timeout, within two seconds", async () => {
    const started = Date.now();
    const { execution, logs } = await runFlow(
      deps,
      `id: timeout\nnamespace: it.family\ntasks:\n  - id: slow\n    type: io.kestra.plugin.scripts.shell.Commands\n    timeout: PT1S\n    commands: ["echo start", "sleep 30"]\n`,
    );
    expect(execution.state).toBe(State.FAILED);
    expect(execution.taskRuns[0].error).toBe("timed out after PT1S and was killed");
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(messages(logs)).toContain("start");
  });

  it("allowFailure turns a failure into WARNING and the flow goes on; retry retries", async () => {
    const { execution, logs } = await runFlow(
      deps,
      `id: policies
namespace: it.family
tasks:
  - id: flaky
    type: io.kestra.plugin.scripts.shell.Commands
    retry:
      type: constant
      interval: PT0.2S
      maxAttempt: 3
    commands:
      - echo "attempt {{ taskrun.attemptsCount }}"
      - test {{ taskrun.attemptsCount }} -ge 2
  - id: broken
    type: io.kestra.plugin.scripts.shell.Commands
    allowFailure: true
    commands: ["exit 4"]
  - id: after
    type: io.kestra.plugin.core.log.Log
    message: still running
  - id: noisy
    type: io.kestra.plugin.scripts.shell.Commands
    warningOnStdErr: true
    commands: ["echo oops >&2"]
  - id: quiet
    type: io.kestra.plugin.scripts.shell.Commands
    commands: ["echo fine >&2"]
`,
    );
    expect(execution.state).toBe(State.WARNING);
    expect(execution.taskRuns.map((t) => [t.taskId, t.state])).toEqual([
      ["flaky", State.SUCCESS],
      ["broken", State.WARNING],
      ["after", State.SUCCESS],
      ["noisy", State.WARNING],
      // Today's Kestra ignores warningOnStdErr: stderr alone leaves a task SUCCESS.
      ["quiet", State.SUCCESS],
    ]);
    // attemptsCount counts the attempts before (0, 1, 2): the third attempt passes.
    expect(execution.taskRuns[0].attempt).toBe(3);
    expect(execution.taskRuns[1].exitCode).toBe(4);
    const text = messages(logs);
    expect(text).toEqual(expect.arrayContaining(["attempt 0", "attempt 1", "attempt 2", "still running", "oops"]));
    expect(text.some((m) => m.startsWith("attempt 1 failed (command exited with code 1); retrying"))).toBe(true);
  });

  it("gives up after maxAttempt attempts", async () => {
    const { execution } = await runFlow(
      deps,
      `id: giveup\nnamespace: it.family\ntasks:\n  - id: always\n    type: io.kestra.plugin.scripts.shell.Commands\n    retry: {type: exponential, interval: PT0.1S, maxAttempt: 2}\n    commands: ["exit 9"]\n`,
    );
    expect(execution.state).toBe(State.FAILED);
    expect(execution.taskRuns[0]).toMatchObject({ attempt: 2, exitCode: 9 });
  });

  it("a script that fails once, then passes, ends WARNING with warningOnRetry (RetryCaseTest)", async () => {
    const { execution } = await runFlow(
      deps,
      `id: warn_on_retry\nnamespace: it.family\ntasks:\n  - id: once\n    type: io.kestra.plugin.scripts.shell.Commands\n    retry: {type: constant, interval: PT0.1S, maxAttempts: 3, warningOnRetry: true}\n    commands: ["test {{ taskrun.attemptsCount }} -ge 1"]\n  - id: next\n    type: io.kestra.plugin.core.log.Log\n    message: on\n`,
    );
    expect(execution.state).toBe(State.WARNING);
    expect(execution.taskRuns.map((r) => [r.taskId, r.state, r.attempt])).toEqual([
      ["once", State.WARNING, 2],
      ["next", State.SUCCESS, 1],
    ]);
  });

  it("kills a running execution on request: container gone within 2 seconds, state KILLED", async () => {
    const saved = await saveFlow(
      deps.db,
      `id: killme\nnamespace: it.family\ntasks:\n  - id: forever\n    type: io.kestra.plugin.scripts.shell.Commands\n    commands: ["echo running", "sleep 300"]\n  - id: never\n    type: io.kestra.plugin.core.log.Log\n    message: no\n`,
      { create: true },
    );
    const created = await createExecution(deps.db, saved.namespace, saved.id);
    const executor = new Executor(deps);
    executor.start();
    executor.wake();
    for (let i = 0; i < 200; i++) {
      const run = await deps.db.taskRun.findFirst({ where: { executionId: created.id, containerId: { not: null } } });
      if (run && (await leftoverContainers(deps)).some((c) => c.State === "running")) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const asked = Date.now();
    expect(executor.kill(created.id)).toBe(true);
    const execution = await waitForEnd(deps, created.id);
    expect(Date.now() - asked).toBeLessThan(2_000);
    expect(execution.state).toBe(State.KILLED);
    expect(execution.taskRuns.map((t) => t.state)).toEqual([State.KILLED]);
    expect(await leftoverContainers(deps)).toEqual([]);
    await executor.stop();
  });

  it("masks secrets in stored logs, outputs and errors, in literal, base64 and URL-encoded form", async () => {
    await deps.secrets.set("it", "DB_PASSWORD", "hunter2-very-secret");
    const { execution, logs } = await runFlow(
      deps,
      `id: masked
namespace: it.family
tasks:
  - id: leak
    type: io.kestra.plugin.scripts.shell.Commands
    env:
      PW: "{{ secret('DB_PASSWORD') }}"
      TOKEN: "{{ secret('ENV_TOKEN') }}"
    commands:
      - echo "plain $PW"
      - printf '%s' "$PW" | base64
      - echo "url hunter2-very-secret%21 and $TOKEN"
      - echo '::{"outputs":{"pw":"'$PW'"}}::'
`,
    );
    expect(execution.state).toBe(State.SUCCESS);
    const text = messages(logs).join("\n");
    expect(text).not.toContain("hunter2");
    expect(text).not.toContain(Buffer.from("hunter2-very-secret").toString("base64").slice(0, 12));
    expect(text).not.toContain("env-token-value");
    expect(text).toContain("plain ****");
    expect(JSON.stringify(execution.taskRuns[0].outputs)).not.toContain("hunter2");
    const rows = await deps.db.logChunk.findMany({ where: { executionId: execution.id } });
    expect(rows.map((r) => r.lines).join()).not.toContain("hunter2");
  });

  it("fails clearly when a secret is missing, and refuses privileged containers", async () => {
    const { execution } = await runFlow(
      deps,
      `id: nosecret\nnamespace: it.family\ntasks:\n  - id: t\n    type: io.kestra.plugin.scripts.shell.Commands\n    env: {X: "{{ secret('NOPE') }}"}\n    commands: ["true"]\n`,
    );
    expect(execution.taskRuns[0].error).toMatch(/secret NOPE is not defined for namespace it.family/);
    const priv = await runFlow(
      deps,
      `id: priv\nnamespace: it.family\ntasks:\n  - id: t\n    type: io.kestra.plugin.scripts.shell.Commands\n    docker: {image: "osprey/shell:latest", privileged: true}\n    commands: ["true"]\n`,
    );
    expect(priv.execution.taskRuns[0].error).toMatch(/privileged .* disabled on this server/);
  });

  it("runs on the engine a task names with docker.host", async () => {
    const { execution, logs } = await runFlow(
      deps,
      `id: host\nnamespace: it.family\ntasks:\n  - id: t\n    type: io.kestra.plugin.scripts.shell.Commands\n    docker: {image: "osprey/shell:latest", host: "unix:///var/run/docker.sock"}\n    commands: ["echo via host"]\n`,
    );
    expect(execution.state).toBe(State.SUCCESS);
    expect(logs.map((l) => l.message)).toContain("via host");
    const bad = await runFlow(
      deps,
      `id: badhost\nnamespace: it.family\ntasks:\n  - id: t\n    type: io.kestra.plugin.scripts.shell.Commands\n    docker: {image: "osprey/shell:latest", host: "unix:///nonexistent/docker.sock"}\n    commands: ["true"]\n`,
    );
    // Any engine but the server's own is refused unless listed (container-policy.int.test.ts).
    expect(bad.execution.state).toBe(State.FAILED);
    expect(bad.execution.taskRuns[0].error).toMatch(/nonexistent\/docker.sock" is not this server's Docker engine/);
  });

  it("applies Docker limits the YAML asks for", async () => {
    const { execution, logs } = await runFlow(
      deps,
      `id: limits
namespace: it.family
tasks:
  - id: t
    type: io.kestra.plugin.scripts.shell.Commands
    docker:
      image: osprey/shell:latest
      memory: {memory: 64Mb}
      cpu: {cpus: 0.5}
      networkMode: none
      user: "1000:1000"
      shmSize: 32Mb
      extraHosts: ["osprey-db:10.9.8.7"]
    commands:
      - cat /sys/fs/cgroup/memory.max 2>/dev/null || cat /sys/fs/cgroup/memory/memory.limit_in_bytes
      - id -u
      - grep osprey-db /etc/hosts | cut -f1
      - df -m /dev/shm | tail -1 | awk '{print "shm " $2}'
      - touch "$OUTPUT_DIR/written-as-user"
`,
    );
    expect(execution.state, JSON.stringify(logs)).toBe(State.SUCCESS);
    const text = messages(logs);
    expect(text).toEqual(expect.arrayContaining([String(64 * 1024 * 1024), "1000", "10.9.8.7", "shm 32"]));
  });
});

describe("the PROCESS runner", () => {
  it("runs in a container of the task's image on a server that keeps tasks off its host (the default), and says so", async () => {
    const { execution, logs } = await runFlow(
      deps,
      `id: process_contained
namespace: it.family
tasks:
  - id: contained
    type: io.kestra.plugin.scripts.python.Commands
    taskRunner:
      type: io.kestra.plugin.core.runner.Process
    commands:
      - python3 -c 'import os; print("in a container" if os.path.exists("/.dockerenv") else "on the host")'
`,
    );
    expect(execution.state, JSON.stringify(logs)).toBe(State.SUCCESS);
    const text = logs.map((l) => l.message);
    expect(text).toContain("in a container");
    expect(text.some((m) => m.includes("OSPREY_PROCESS_RUNNER=container"))).toBe(true);
  });

  it("runs on the server's host when an admin allows it, with files in and out", async () => {
    const open = await createTestDeps({ OSPREY_ALLOW_PROCESS_RUNNER: "true" });
    const { execution, logs } = await runFlow(
      open,
      `id: process
namespace: it.family
tasks:
  - id: local
    type: io.kestra.plugin.scripts.shell.Commands
    taskRunner:
      type: io.kestra.plugin.core.runner.Process
    inputFiles:
      in.txt: "hello from inputFiles\\n"
    outputFiles: ["*.out"]
    commands:
      - cat in.txt
      - echo "$WORKING_DIR" | grep -q osprey-process- && echo "in a temp dir"
      - echo result > r.out
      - echo extra > "$OUTPUT_DIR/extra.txt"
  - id: legacy
    type: io.kestra.plugin.scripts.python.Commands
    runner: PROCESS
    commands: ["python3 -c 'print(40 + 2)'"]
`,
    );
    expect(execution.state, JSON.stringify(logs)).toBe(State.SUCCESS);
    expect(logs.map((l) => l.message)).toEqual(
      expect.arrayContaining(["hello from inputFiles", "in a temp dir", "42"]),
    );
    expect(Object.keys((execution.taskRuns[0].outputs as { outputFiles: object }).outputFiles).sort()).toEqual([
      "extra.txt",
      "r.out",
    ]);
    await open.db.$disconnect();
  });
});
