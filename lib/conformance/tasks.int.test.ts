import { describe, expect, it } from "vitest";
import { State } from "../states/states";
import { listOutputFiles } from "../files/output-files";
import { saveFlow } from "../flows/save-flow";
import { putKv } from "../kv/kv-store";
import { outputsOf, runOf, runWithValues, TESTS, useKestra } from "./kestra-harness";

// Kestra's runner tests of core tasks and run variables, on their flows of
// core/src/test/resources/flows/valids: OutputValuesTest, FlowOutputTest, FetchTest, KvFunctionTest,
// SecretFunctionTest, StateTest, RuntimeLabelsTest, VariablesTest, RunContextTest, LogToFileTest,
// SleepTest, JdbcRunnerTest.executionDate.
const SECRET = JSON.stringify({ secretKey: "secretValue" });
const LONG = "passwordveryveryveyrlong".repeat(5);
const b64 = (text: string) => Buffer.from(text).toString("base64");
// SecretFunctionTest runs with SECRET_MY_SECRET and SECRET_NEW_LINE set (base64, the second wrapped).
const k = useKestra({
  SECRET_MY_SECRET: b64(SECRET),
  SECRET_NEW_LINE: b64(LONG).replace(/(.{40})/g, "$1\n"),
  // What Kestra's CI gives VariablesTest: KESTRA_TEST1/2 under its env-vars prefix, and its globals.
  OSPREY_ENV_VARS_PREFIX: "KESTRA_",
  KESTRA_TEST1: "true",
  KESTRA_TEST2: "Pass by env",
  OSPREY_GLOBALS: JSON.stringify({ string: "string", int: 1, bool: true, nested: { int: 2 } }),
});
const values = (run: Parameters<typeof outputsOf>[0]) => outputsOf(run).values as Record<string, unknown>;

describe("outputs (OutputValuesTest, FlowOutputTest)", () => {
  it("output-values.yml: SUCCESS, 1 task run, values output1 xyz and output2 abc", async () => {
    const e = await k.execute("output-values.yml");
    expect([e.state, e.taskRuns.length]).toEqual([State.SUCCESS, 1]);
    expect(values(e.taskRuns[0])).toMatchObject({ output1: "xyz", output2: "abc" });
  });

  it("flow-with-outputs.yml: one output, key = the Return's outputs as JSON; flow-with-array-outputs.yml: myout holds both values; flow-with-outputs-failed.yml: no outputs, FAILED", async () => {
    const [plain, array, failed] = await Promise.all(
      ["flow-with-outputs.yml", "flow-with-array-outputs.yml", "flow-with-outputs-failed.yml"].map(k.execute),
    );
    expect([plain.state, plain.outputs]).toEqual([State.SUCCESS, { key: '{"value":"flow-with-outputs"}' }]);
    expect(array.state).toBe(State.SUCCESS);
    expect(Object.keys(array.outputs ?? {})).toEqual(["myout"]);
    expect(array.outputs?.myout).toEqual(expect.arrayContaining(["1rstValue", "2ndValue"]));
    expect([failed.state, failed.outputs]).toEqual([State.FAILED, null]);
  });
});

describe("log.Fetch (FetchTest)", () => {
  it("get-log.yaml: SUCCESS, 4 task runs, 3 lines fetched; get-log-taskid.yaml: 1; get-log-executionid.yaml: 3", async () => {
    const runs = await Promise.all(["get-log.yaml", "get-log-taskid.yaml", "get-log-executionid.yaml"].map(k.execute));
    expect(runs.map((e) => [e.state, e.taskRuns.length, outputsOf(runOf(e, "get-log-task")).size])).toEqual([
      [State.SUCCESS, 4, 3],
      [State.SUCCESS, 4, 1],
      [State.SUCCESS, 4, 3],
    ]);
  });
});

describe("kv() (KvFunctionTest)", () => {
  it("get: with my-key = {field: value} in io.kestra.tests, kv.yaml's two tasks return value", async () => {
    await k.load("kv.yaml");
    const caps = k.t.deps.config;
    await putKv(k.t.deps.db, { namespace: TESTS, key: "my-key", type: "JSON", value: { field: "value" } }, caps);
    const e = await k.run(TESTS, "kv");
    expect([outputsOf(e.taskRuns[0]).value, outputsOf(e.taskRuns[1]).value]).toEqual(["value", "value"]);
    await k.t.deps.db.kvEntry.deleteMany({ where: { namespace: TESTS, key: "my-key" } });
  });

  // DIFF (deliberate, D13 in docs/conformance.md): Osprey's kv() fails on a missing key unless told not to ("The key 'my-key' does not exist in
  // the namespace 'io.kestra.tests'" from the `get` task); Kestra's KvFunction defaults errorOnMissing
  // to false, so kv('my-key') is null, `.field ?? null` renders "", and only getWithArgs
  // (errorOnMissing = true) fails.
  it.skip("getKeyNotFound: kv.yaml with errorOnMissing=true and no key: get returns '' (SUCCESS), getWithArgs FAILED saying the key does not exist", async () => {
    await k.load("kv.yaml");
    const e = await k.run(TESTS, "kv", { inputs: { errorOnMissing: true } });
    expect([e.taskRuns[0].state, outputsOf(e.taskRuns[0]).value]).toEqual([State.SUCCESS, ""]);
    expect(e.taskRuns[1].state).toBe(State.FAILED);
    const lines = (await k.logs(e.id)).filter((l) => l.taskRunId === e.taskRuns[1].id).map((l) => l.message);
    expect(lines.join("\n")).toContain("The key 'my-key' does not exist in the namespace 'io.kestra.tests'.");
  });
});

describe("secret() (SecretFunctionTest)", () => {
  // Deliberate (D30): Osprey masks a secret's whole value in stored outputs as in logs, so the Return
  // of the multi-line secret stores ****, where Kestra's test reads it back; the task itself gets the
  // real value, which secrets-read below shows through the branch an If takes. A value derived from a
  // secret (a field of it) is not masked, in either.
  it("secrets.yaml: the names are found in any case (SECRET_MY_SECRET is secret('my_secret')), 3 task runs, SUCCESS, outputs and the log line masked", async () => {
    const e = await k.execute("secrets.yaml");
    expect([e.state, e.taskRuns.length]).toEqual([State.SUCCESS, 3]);
    expect([outputsOf(e.taskRuns[0]).value, outputsOf(e.taskRuns[2]).value]).toEqual(["secretValue", "****"]);
    const line = (await k.logs(e.id)).find((l) => l.taskId === "log-secret");
    expect(line?.message).toContain("***");
    expect(line?.message).not.toContain("secretValue");
  });

  it("the task gets the real value: a field of the JSON secret, and the multi-line base64 secret decoded whole", async () => {
    await saveFlow(
      k.t.deps.db,
      [
        "id: secrets-read",
        `namespace: ${TESTS}`,
        "tasks:",
        "  - id: check",
        "    type: io.kestra.plugin.core.flow.If",
        `    condition: "{{ json(secret('my_secret')).secretKey == 'secretValue' and secret('new_line') == '${LONG}' }}"`,
        "    then: [{ id: matched, type: io.kestra.plugin.core.log.Log, message: ok }]",
        "    else: [{ id: differed, type: io.kestra.plugin.core.log.Log, message: no }]",
      ].join("\n"),
      { create: true },
    );
    const e = await k.run(TESTS, "secrets-read");
    expect([e.state, e.taskRuns.map((r) => r.taskId)]).toEqual([State.SUCCESS, ["check", "matched"]]);
  });
});

describe("state tasks (StateTest)", () => {
  it("set: state.yaml run three times on one state name creates (1), updates (2), then deletes it; 5 task runs each", async () => {
    await k.load("state.yaml");
    const state = `state-${Date.now()}`;
    const created = await k.run(TESTS, "state", { inputs: { state } });
    expect([created.taskRuns.length, created.state]).toEqual([5, State.SUCCESS]);
    expect((outputsOf(runOf(created, "createGet")).data as Record<string, unknown>).value).toBe(1);
    const updated = await k.run(TESTS, "state", { inputs: { state } });
    expect([updated.taskRuns.length, updated.state]).toEqual([5, State.SUCCESS]);
    expect((outputsOf(runOf(updated, "updateGet")).data as Record<string, unknown>).value).toBe("2");
    const deleted = await k.run(TESTS, "state", { inputs: { state } });
    expect([deleted.taskRuns.length, deleted.state]).toEqual([5, State.SUCCESS]);
    expect(outputsOf(runOf(deleted, "deleteGet")).count).toBe(0);
  });

  it("each: state.yaml with state=each: 17 task runs, SUCCESS; per value (null-b) and shared (null-a-b) states", async () => {
    await k.load("state.yaml");
    const e = await k.run(TESTS, "state", { inputs: { state: "each" } });
    expect([e.taskRuns.length, e.state]).toEqual([17, State.SUCCESS]);
    const data = (taskId: string) => outputsOf(runWithValues(e, taskId, ["b"])).data as Record<string, unknown>;
    expect(data("regetEach1").value).toBe("null-b");
    expect(data("regetEach2").value).toBe("null-a-b");
  });
});

describe("execution.Labels (RuntimeLabelsTest)", () => {
  // A map's keys are rendered too (Kestra's Labels: runContext.render(entry.getKey())).
  it("update: labels-update-task.yml sets labels from JSON, a map and a list, and overrides flow and run-time ones; 4 task runs, SUCCESS", async () => {
    await k.load("labels-update-task.yml");
    const e = await k.run(TESTS, "labels-update-task", {
      inputs: {
        labelsJson: '{"keyFromJson": "valueFromJson"}',
        labelsMapKey: "keyFromMap",
        labelsMapValue: "valueFromMap",
        labelsListKey: "keyFromList",
        labelsListValue: "valueFromList",
      },
      labels: [
        { key: "keyFromExecution", value: "valueFromExecution" },
        { key: "overriddenExecutionLabelKey", value: "executionValueThatWillGetOverridden" },
      ],
    });
    expect([e.taskRuns.length, e.state]).toEqual([4, State.SUCCESS]);
    const expected = [
      { key: "system.correlationId", value: e.id },
      { key: "flowLabelKey", value: "flowLabelValue" },
      { key: "overriddenFlowLabelKey", value: "io.kestra.tests.labels-update-task" },
      { key: "keyFromJson", value: "valueFromJson" },
      { key: "keyFromMap", value: "valueFromMap" },
      { key: "keyFromList", value: "valueFromList" },
      { key: "keyFromExecution", value: "valueFromExecution" },
      { key: "overriddenExecutionLabelKey", value: runOf(e, "override-labels").id },
    ];
    expect(e.labels).toHaveLength(expected.length);
    expect(e.labels).toEqual(expect.arrayContaining(expected));
  });

  it("noNpeOnNullPreviousExecutionLabels: npe-labels-update-task.yml: 1 task run, SUCCESS, someLabel = the task run's id", async () => {
    const e = await k.execute("npe-labels-update-task.yml");
    expect([e.taskRuns.length, e.state]).toEqual([1, State.SUCCESS]);
    expect(e.labels).toContainEqual({ key: "someLabel", value: runOf(e, "labels").id });
  });

  it("primitiveTypeLabels: primitive-labels-flow.yml with 42, true, 3.14: labels as text, 1 task run, SUCCESS", async () => {
    await k.load("primitive-labels-flow.yml");
    const e = await k.run(TESTS, "primitive-labels-flow", {
      inputs: { intLabel: 42, boolLabel: true, floatLabel: 3.14 },
      labels: [{ key: "existingLabel", value: "someValue" }],
    });
    expect([e.taskRuns.length, e.state]).toEqual([1, State.SUCCESS]);
    const expected = [
      { key: "system.correlationId", value: e.id },
      { key: "intValue", value: "42" },
      { key: "boolValue", value: "true" },
      { key: "floatValue", value: "3.14" },
      { key: "taskRunId", value: runOf(e, "update-labels").id },
      { key: "existingLabel", value: "someValue" },
    ];
    expect(e.labels).toHaveLength(expected.length);
    expect(e.labels).toEqual(expect.arrayContaining(expected));
  });
});

describe("run variables (VariablesTest, RunContextTest, JdbcRunnerTest.executionDate)", () => {
  it("recursiveVars: variables.yaml: 3 task runs; variable '1 > 2 > 3', env 'true Pass by env', global 'string 1 true 2'", async () => {
    const e = await k.execute("variables.yaml");
    expect(e.taskRuns).toHaveLength(3);
    expect(outputsOf(runOf(e, "variable")).value).toBe("1 > 2 > 3");
    expect(outputsOf(runOf(e, "env")).value).toBe("true Pass by env");
    expect(outputsOf(runOf(e, "global")).value).toBe("string 1 true 2");
  });

  it("invalidVars: variables-invalid.yaml: 2 task runs, the 2nd FAILED, FAILED; failedFirst: failed-first.yaml: 1 task run, FAILED", async () => {
    const [invalid, first] = await Promise.all(["variables-invalid.yaml", "failed-first.yaml"].map(k.execute));
    expect([invalid.taskRuns.length, invalid.taskRuns[1].state, invalid.state]).toEqual([
      2,
      State.FAILED,
      State.FAILED,
    ]);
    expect([first.taskRuns.length, first.taskRuns[0].state]).toEqual([1, State.FAILED]);
  });

  // D17 (fixed): a missing variable is worded as Kestra's VariableRenderer does, and `inputs` is absent
  // when there are none (RunVariables).
  it("invalidVars: the failed task run logs Unable to find `inputs` used in the expression `{{inputs.invalid}}`", async () => {
    const e = await k.execute("variables-invalid.yaml");
    const lines = (await k.logs(e.id)).filter((l) => l.taskRunId === e.taskRuns[1].id).map((l) => l.message);
    expect(lines.join("\n")).toContain("Unable to find `inputs` used in the expression `{{inputs.invalid}}`");
  });

  it("return.yaml (RunContextTest.variables): 3 task runs: a start date within 10 s of now, task-id, return; execution.yaml: execution.startDate as yyyy-MM-ddTHH:mm:ss.SSSZ", async () => {
    const [ret, execution] = await Promise.all(["return.yaml", "execution.yaml"].map(k.execute));
    expect(ret.taskRuns).toHaveLength(3);
    expect(Math.abs(Date.parse(String(outputsOf(ret.taskRuns[0]).value)) - Date.now())).toBeLessThan(10_000);
    expect([outputsOf(ret.taskRuns[1]).value, outputsOf(ret.taskRuns[2]).value]).toEqual(["task-id", "return"]);
    expect(String(outputsOf(execution.taskRuns[0]).value)).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z/);
  });

  it("logs.yaml (RunContextTest.logs): t1 logs 'first t1' at TRACE, t2 'second io.kestra.plugin.core.log.Log' at WARN, t3 'third logs' at ERROR", async () => {
    const e = await k.execute("logs.yaml");
    const lines = await k.logs(e.id);
    const of = (i: number) => lines.filter((l) => l.taskRunId === e.taskRuns[i].id && l.stream !== "system");
    expect(of(0).map((l) => [l.level, l.message])).toEqual([["TRACE", "first t1"]]);
    expect(of(1).map((l) => [l.level, l.message])).toEqual([["WARN", "second io.kestra.plugin.core.log.Log"]]);
    expect(of(2).map((l) => [l.level, l.message])).toEqual([["ERROR", "third logs"]]);
  });

  // D18 (fixed): a task's `logLevel` drops its lines below that level (LogWriter.keepFrom), as Kestra's
  // RunContextLogger sets the task logger's level.
  it("logs.yaml (RunContextTest.logs): t4 (TRACE message, logLevel INFO) logs nothing", async () => {
    const e = await k.execute("logs.yaml");
    const lines = await k.logs(e.id);
    expect(lines.filter((l) => l.taskRunId === e.taskRuns[3].id && l.stream !== "system")).toEqual([]);
  });
});

describe("logToFile, Sleep (LogToFileTest, SleepTest)", () => {
  // D19 (fixed): with `logToFile` the task's lines go to a file stored with the task run (Kestra's
  // TaskRunAttempt.logFile; Osprey lists it among the task run's files) instead of the log.
  it("log-to-file.yaml: SUCCESS, 1 task run, its log stored as a file of one line with INFO and Hello World!", async () => {
    const e = await k.execute("log-to-file.yaml");
    expect([e.state, e.taskRuns.length]).toEqual([State.SUCCESS, 1]);
    const files = await listOutputFiles(k.t.deps.db, e.id);
    expect(files).toHaveLength(1);
    const text = await k.readFile(e.id, files[0].uri);
    const lines = text.split("\n").filter((l) => l !== "");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain("INFO");
    expect(lines[0]).toContain("Hello World!");
  });

  it("sleep-task-flow.yaml: SUCCESS", async () => {
    expect((await k.execute("sleep-task-flow.yaml")).state).toBe(State.SUCCESS);
  });
});
