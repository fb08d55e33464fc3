import { State } from "../states/states";
import { describe, expect, it } from "vitest";
import { useTestExecutor } from "../testing/test-executor";
import { runFlow } from "../testing/run-flow";

// Each flowable and core task on the real engine: containers where a script runs, SQLite for state.
const t = useTestExecutor({ OSPREY_CONCURRENCY: "4" });

const run = (yaml: string) => runFlow(t.deps, yaml, t.executor);
const flow = (id: string, body: string) => `id: ${id}\nnamespace: it.flowables\n${body}`;
type Run = {
  taskId: string;
  state: string;
  value: string | null;
  startedAt: Date | null;
  endedAt: Date | null;
  outputs: unknown;
};
const states = (runs: Run[]) => runs.map((r) => [r.value === null ? r.taskId : `${r.taskId}[${r.value}]`, r.state]);
const messages = (logs: { message: string }[]) => logs.map((l) => l.message);

describe("flowable tasks on the real engine", () => {
  it("ForEach over 3 values, 2 at a time, each in a container; a later task reads every iteration's output", async () => {
    const { execution, logs } = await run(
      flow(
        "each",
        `tasks:
  - id: each
    type: io.kestra.plugin.core.flow.ForEach
    values: ["a", "b", "c"]
    concurrencyLimit: 2
    tasks:
      - id: py
        type: io.kestra.plugin.scripts.python.Script
        script: |
          import time
          time.sleep(1)
          print('::{"outputs":{"upper":"{{ taskrun.value | upper }}"}}::')
  - id: gather
    type: io.kestra.plugin.core.log.Log
    message: "{{ outputs.py.a.vars.upper }}{{ outputs.py['b'].vars.upper }}{{ outputs.py.c.vars.upper }}"
`,
      ),
    );
    expect(execution.state).toBe(State.SUCCESS);
    expect(states(execution.taskRuns as Run[])).toEqual([
      ["each", State.SUCCESS],
      ["py[a]", State.SUCCESS],
      ["py[b]", State.SUCCESS],
      ["py[c]", State.SUCCESS],
      ["gather", State.SUCCESS],
    ]);
    expect(messages(logs)).toContain("ABC");
    // Two at once: a and b overlap; c starts only once one of them has ended.
    const [a, b, c] = (execution.taskRuns as Run[]).filter((r) => r.taskId === "py");
    expect(a.startedAt!.getTime()).toBeLessThan(b.endedAt!.getTime());
    expect(b.startedAt!.getTime()).toBeLessThan(a.endedAt!.getTime());
    expect(c.startedAt!.getTime()).toBeGreaterThanOrEqual(Math.min(a.endedAt!.getTime(), b.endedAt!.getTime()));
  });

  it("Parallel runs its container tasks at the same time; Sequential keeps order", async () => {
    const { execution } = await run(
      flow(
        "par",
        `tasks:
  - id: both
    type: io.kestra.plugin.core.flow.Parallel
    tasks:
      - {id: left, type: io.kestra.plugin.scripts.shell.Commands, commands: ["sleep 1"]}
      - {id: right, type: io.kestra.plugin.scripts.shell.Commands, commands: ["sleep 1"]}
  - id: seq
    type: io.kestra.plugin.core.flow.Sequential
    tasks:
      - {id: s1, type: io.kestra.plugin.core.log.Log, message: one}
      - {id: s2, type: io.kestra.plugin.core.log.Log, message: two}
`,
      ),
    );
    expect(execution.state).toBe(State.SUCCESS);
    const runs = execution.taskRuns as Run[];
    const left = runs.find((r) => r.taskId === "left")!;
    const right = runs.find((r) => r.taskId === "right")!;
    expect(left.startedAt!.getTime()).toBeLessThan(right.endedAt!.getTime());
    expect(right.startedAt!.getTime()).toBeLessThan(left.endedAt!.getTime());
    expect(runs.map((r) => r.taskId)).toEqual(["both", "left", "right", "seq", "s1", "s2"]);
  });

  it("If and Switch choose their branch from expressions; runIf false skips a task", async () => {
    const { execution, logs } = await run(
      flow(
        "branches",
        `inputs:
  - {id: env, type: STRING, defaults: prod}
tasks:
  - id: check
    type: io.kestra.plugin.core.flow.If
    condition: "{{ inputs.env == 'prod' }}"
    then: [{id: yes, type: io.kestra.plugin.core.log.Log, message: "is prod"}]
    else: [{id: no, type: io.kestra.plugin.core.log.Log, message: "not prod"}]
  - id: route
    type: io.kestra.plugin.core.flow.Switch
    value: "{{ inputs.env }}"
    cases:
      dev: [{id: dev, type: io.kestra.plugin.core.log.Log, message: "dev case"}]
      prod: [{id: prodcase, type: io.kestra.plugin.core.log.Log, message: "prod case"}]
    defaults: [{id: other, type: io.kestra.plugin.core.log.Log, message: "default case"}]
  - id: skipped
    type: io.kestra.plugin.core.log.Log
    runIf: "{{ inputs.env == 'dev' }}"
    message: "never"
  - id: after
    type: io.kestra.plugin.core.log.Log
    message: "switch said {{ outputs.route.value }}, if said {{ outputs.check.evaluationResult }}"
`,
      ),
    );
    expect(execution.state).toBe(State.SUCCESS);
    expect(states(execution.taskRuns as Run[])).toEqual([
      ["check", State.SUCCESS],
      ["yes", State.SUCCESS],
      ["route", State.SUCCESS],
      ["prodcase", State.SUCCESS],
      ["skipped", "SKIPPED"],
      ["after", State.SUCCESS],
    ]);
    expect(messages(logs)).toEqual(expect.arrayContaining(["is prod", "prod case", "switch said prod, if said true"]));
    expect(messages(logs)).not.toContain("never");
  });

  it("errors run after a failure (the execution stays FAILED), finally always; Fail fails with its message", async () => {
    const { execution, logs } = await run(
      flow(
        "handlers",
        `tasks:
  - id: ok
    type: io.kestra.plugin.core.log.Log
    message: fine
  - id: boom
    type: io.kestra.plugin.core.execution.Fail
    errorMessage: "stopped on purpose"
  - id: never
    type: io.kestra.plugin.core.log.Log
    message: never
errors:
  - id: handler
    type: io.kestra.plugin.core.log.Log
    message: "handling {{ errorLogs()[0]['taskId'] }}: {{ errorLogs()[0]['message'] }} ({{ errorLogs() | length }} error)"
finally:
  - id: cleanup
    type: io.kestra.plugin.core.log.Log
    message: "cleaning up"
`,
      ),
    );
    expect(execution.state).toBe(State.FAILED);
    expect(execution.error).toBe("task boom failed: stopped on purpose");
    expect(states(execution.taskRuns as Run[])).toEqual([
      ["ok", State.SUCCESS],
      ["boom", State.FAILED],
      ["handler", State.SUCCESS],
      ["cleanup", State.SUCCESS],
    ]);
    expect(messages(logs)).toEqual(
      expect.arrayContaining(["handling boom: stopped on purpose (1 error)", "cleaning up"]),
    );
  });

  it("afterExecution runs once the state is known, reads it, and does not change it", async () => {
    const { execution, logs } = await run(
      flow(
        "after",
        `tasks:
  - id: boom
    type: io.kestra.plugin.core.execution.Fail
afterExecution:
  - id: notify
    type: io.kestra.plugin.core.log.Log
    message: "execution ended {{ execution.state }}"
`,
      ),
    );
    expect(execution.state).toBe(State.FAILED);
    expect(states(execution.taskRuns as Run[])).toEqual([
      ["boom", State.FAILED],
      ["notify", State.SUCCESS],
    ]);
    expect(messages(logs)).toContain("execution ended FAILED");
  });

  it("WaitFor (today LoopUntil) runs its tasks round after round until its condition holds; failOnMaxReached fails it at the limit", async () => {
    const { execution } = await run(
      flow(
        "poll",
        `tasks:
  - id: poll
    type: io.kestra.plugin.core.flow.LoopUntil
    condition: "{{ outputs.round.value == '3' }}"
    checkFrequency: {interval: PT0.1S}
    tasks:
      - id: round
        type: io.kestra.plugin.core.debug.Return
        format: "{{ taskrun.iteration }}"
  - id: limited
    type: io.kestra.plugin.core.flow.WaitFor
    condition: "{{ false }}"
    failOnMaxReached: true
    checkFrequency: {interval: PT0.1S, maxIterations: 2}
    tasks:
      - {id: never_enough, type: io.kestra.plugin.core.log.Log, message: again}
`,
      ),
    );
    const runs = execution.taskRuns as (Run & { iteration: number | null })[];
    expect(runs.filter((r) => r.taskId === "round").map((r) => [r.iteration, r.state])).toEqual([
      [1, State.SUCCESS],
      [2, State.SUCCESS],
      [3, State.SUCCESS],
    ]);
    expect(runs.find((r) => r.taskId === "poll")).toMatchObject({
      state: State.SUCCESS,
      outputs: expect.objectContaining({ iterationCount: 3 }),
    });
    expect(runs.filter((r) => r.taskId === "never_enough")).toHaveLength(2);
    expect(runs.find((r) => r.taskId === "limited")!.state).toBe(State.FAILED);
    expect(execution.state).toBe(State.FAILED);
  });

  it("a task waiting for its next attempt is RETRYING, then RUNNING again; retry falls back to the flow's", async () => {
    const seen: string[] = [];
    const publish = t.deps.bus.publishState.bind(t.deps.bus);
    t.deps.bus.publishState = (e) => {
      if (e.taskId === "flaky") seen.push(e.state);
      publish(e);
    };
    try {
      const { execution } = await run(
        flow(
          "retrying",
          `retry: {type: constant, interval: PT0.3S, maxAttempt: 2}
tasks:
  - id: flaky
    type: io.kestra.plugin.core.execution.Fail
    errorMessage: nope
`,
        ),
      );
      expect(execution.state).toBe(State.FAILED);
      expect(execution.taskRuns[0].attempt).toBe(2);
      expect(seen).toEqual([State.RUNNING, State.RETRYING, State.RUNNING, State.FAILED]);
    } finally {
      t.deps.bus.publishState = publish;
    }
  });

  it("log.Fetch stores an execution's logs (level and tasks filtered) in a file a later task reads", async () => {
    const { execution, logs } = await run(
      flow(
        "fetch",
        `tasks:
  - id: noisy
    type: io.kestra.plugin.core.log.Log
    message: ["first", "second"]
  - id: warned
    type: io.kestra.plugin.core.log.Log
    level: WARN
    message: careful
  - id: fetch
    type: io.kestra.plugin.core.log.Fetch
    level: WARN
  - id: only_noisy
    type: io.kestra.plugin.core.log.Fetch
    tasksId: [noisy]
  - id: read
    type: io.kestra.plugin.scripts.shell.Commands
    inputFiles:
      logs.jsonl: "{{ outputs.fetch.uri }}"
    commands:
      - echo "fetched {{ outputs.fetch.size }} and {{ outputs.only_noisy.size }}"
      - cat logs.jsonl
  - id: elsewhere
    type: io.kestra.plugin.core.log.Fetch
    executionId: no-such-execution
`,
      ),
    );
    expect(messages(logs)).toContain("fetched 1 and 2");
    const line = logs.find((l) => l.message.startsWith("{") && l.message.includes("careful"));
    expect(JSON.parse(line!.message)).toMatchObject({ taskId: "warned", level: "WARN", message: "careful" });
    expect(execution.state).toBe(State.FAILED);
    expect(execution.error).toMatch(/execution no-such-execution not found in namespace it.flowables/);
  });

  it("AllowFailure and a task's allowFailure turn a failure into WARNING and the flow goes on", async () => {
    const { execution } = await run(
      flow(
        "tolerant",
        `tasks:
  - id: group
    type: io.kestra.plugin.core.flow.AllowFailure
    tasks:
      - {id: bad, type: io.kestra.plugin.scripts.shell.Commands, commands: ["exit 3"]}
  - id: alsobad
    type: io.kestra.plugin.core.execution.Fail
    allowFailure: true
  - id: after
    type: io.kestra.plugin.core.log.Log
    message: still here
`,
      ),
    );
    expect(execution.state).toBe(State.WARNING);
    expect(states(execution.taskRuns as Run[])).toEqual([
      ["group", State.WARNING],
      ["bad", State.FAILED],
      ["alsobad", State.WARNING],
      ["after", State.SUCCESS],
    ]);
  });

  it("Dag, OutputValues, Return and Sleep", async () => {
    const { execution, logs } = await run(
      flow(
        "dag",
        `tasks:
  - id: graph
    type: io.kestra.plugin.core.flow.Dag
    tasks:
      - task: {id: values, type: io.kestra.plugin.core.output.OutputValues, values: {greeting: hello}}
      - task: {id: nap, type: io.kestra.plugin.core.flow.Sleep, duration: PT0.2S}
      - task: {id: ret, type: io.kestra.plugin.core.debug.Return, format: "{{ outputs['values'].values.greeting }} world"}
        dependsOn: [values, nap]
  - id: show
    type: io.kestra.plugin.core.log.Log
    message: "{{ outputs.ret.value }}"
`,
      ),
    );
    expect(execution.state).toBe(State.SUCCESS);
    expect(messages(logs)).toContain("hello world");
    const runs = execution.taskRuns as Run[];
    const ret = runs.find((r) => r.taskId === "ret")!;
    expect(ret.startedAt!.getTime()).toBeGreaterThanOrEqual(runs.find((r) => r.taskId === "nap")!.endedAt!.getTime());
    expect(ret.outputs).toEqual({ value: "hello world" });
  });

  it("WorkingDirectory: a second task in another image reads the file the first wrote; the group keeps outputFiles", async () => {
    const { execution, logs } = await run(
      flow(
        "wd",
        `tasks:
  - id: wd
    type: io.kestra.plugin.core.flow.WorkingDirectory
    inputFiles:
      seed.txt: "seed from inputFiles"
    outputFiles: ["report.txt"]
    tasks:
      - id: write
        type: io.kestra.plugin.scripts.python.Script
        script: |
          with open("data.csv", "w") as f:
              f.write("a,b\\n1,2\\n")
          print(open("seed.txt").read())
      - id: read
        type: io.kestra.plugin.scripts.node.Script
        script: |
          const fs = require("fs");
          const rows = fs.readFileSync("data.csv", "utf8").trim().split("\\n");
          console.log("node read " + rows.length + " rows");
          fs.writeFileSync("report.txt", "rows=" + rows.length);
  - id: after
    type: io.kestra.plugin.scripts.shell.Commands
    inputFiles:
      report.txt: "{{ outputs.wd.outputFiles['report.txt'] }}"
    commands: ["cat report.txt"]
`,
      ),
    );
    expect(execution.state).toBe(State.SUCCESS);
    expect(messages(logs)).toEqual(expect.arrayContaining(["seed from inputFiles", "node read 2 rows", "rows=2"]));
    const volumes = await t.deps.docker.listVolumes({ filters: { label: [`io.osprey.execution=${execution.id}`] } });
    expect(volumes.Volumes ?? []).toEqual([]);
  });
});
