import { describe, expect, it } from "vitest";
import { State } from "../states/states";
import { outputsOf, runOf, STORAGE_URI, TESTS, useKestra } from "./kestra-harness";

// Kestra's InputsTest (the cases that run a flow), EmptyVariablesTest and WaitForCaseTest (today
// LoopUntilCaseTest), on their flows of core/src/test/resources/flows/valids.
const k = useKestra();

/** InputsTest.inputs, the file being application-test.yml's upload. */
const INPUTS: Record<string, unknown> = {
  string: "myString",
  enum: "ENUM_VALUE",
  int: "42",
  float: "42.42",
  bool: "false",
  instant: "2019-10-06T18:27:49Z",
  date: "2019-10-06",
  time: "18:27:49",
  duration: "PT5M6S",
  json: '{"a": "b"}',
  uri: "https://www.google.com",
  "nested.string": "a string",
  "nested.more.int": "123",
  "nested.bool": "true",
  validatedString: "A123",
  validatedInt: "12",
  validatedDate: "2023-01-02",
  validatedDateTime: "2023-01-01T00:00:10Z",
  validatedDuration: "PT15S",
  validatedFloat: "0.42",
  validatedTime: "11:27:49",
  secret: "secret",
  array: "[1, 2, 3]",
  yaml: "some: property\nalist:\n- of\n- values",
};
const FILE = { file: { name: "application-test.yml", content: "kestra:\n  test: true\n" } };

describe("inputs (InputsTest, EmptyVariablesTest)", () => {
  // A missing optional input is null, as in Kestra (FlowInputOutput.readExecutionInputs). Deliberate
  // (D30): the Return of the SECRET input stores **** as its output (Kestra's test reads "secret").
  it("inputFlow: inputs.yaml with every input: 14 task runs, SUCCESS; file is the stored upload, a SECRET reaches tasks decrypted, a missing optional input renders empty", async () => {
    await k.load("inputs.yaml");
    const e = await k.run(TESTS, "inputs", { inputs: INPUTS, files: FILE });
    expect([e.taskRuns.length, e.state]).toEqual([14, State.SUCCESS]);
    const file = String(outputsOf(runOf(e, "file")).value);
    expect(file).toMatch(STORAGE_URI);
    expect(file).toMatch(/application-test\.yml$/);
    expect(outputsOf(runOf(e, "secret")).value).toBe("****");
    expect(outputsOf(runOf(e, "optional")).value).toBe("");
  });

  it("inputEmptyJsonFlow: inputs.yaml with json {}: 14 task runs, SUCCESS, the input is an empty map and jsonOutput renders {}", async () => {
    await k.load("inputs.yaml");
    const e = await k.run(TESTS, "inputs", { inputs: { ...INPUTS, json: "{}" }, files: FILE });
    expect([e.taskRuns.length, e.state]).toEqual([14, State.SUCCESS]);
    expect((JSON.parse(e.inputs ?? "{}") as Record<string, unknown>).json).toEqual({});
    expect(outputsOf(runOf(e, "jsonOutput")).value).toBe("{}");
  });

  it("shouldNotLogSecretInput: input-log-secret.yaml (SECRET, default password): 1 task run, SUCCESS, the logged line masks the secret", async () => {
    await k.load("input-log-secret.yaml");
    const e = await k.run(TESTS, "input-log-secret");
    expect([e.taskRuns.length, e.state]).toEqual([1, State.SUCCESS]);
    const messages = (await k.logs(e.id)).filter((l) => l.taskId === "log-secret").map((l) => l.message);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(/^This is my secret: \*+$/);
  });

  // DIFF (deliberate, D12 in docs/conformance.md): the mask only: Osprey writes a fixed **** (MASK, lib/secrets/secret-masker.ts); Kestra's
  // RunContextLogger.replaceSecret writes one * per character of the secret (password: ********).
  it.skip("shouldNotLogSecretInput: the line is exactly 'This is my secret: ********'", async () => {
    await k.load("input-log-secret.yaml");
    const e = await k.run(TESTS, "input-log-secret");
    const messages = (await k.logs(e.id)).filter((l) => l.taskId === "log-secret").map((l) => l.message);
    expect(messages).toContain("This is my secret: ********");
  });

  it("inputsLarge (RunContextTest): inputs-large.yaml with an 11 KiB string: 10 task runs, SUCCESS", async () => {
    await k.load("inputs-large.yaml");
    const e = await k.run(TESTS, "inputs-large", { inputs: { string: "a".repeat(1024 * 11) } });
    expect([e.taskRuns.length, e.state, e.taskRuns[0].state]).toEqual([10, State.SUCCESS, State.SUCCESS]);
  });

  it("emptyVariables: empty-variables.yml with JSON inputs holding an empty string and an empty object: 3 task runs, SUCCESS", async () => {
    await k.load("empty-variables.yml");
    const e = await k.run(TESTS, "empty-variables", {
      inputs: { emptyKey: '{ "foo": "" }', emptySubObject: '{"json":{"someEmptyObject":{}}}' },
    });
    expect([e.state, e.taskRuns.length]).toEqual([State.SUCCESS, 3]);
  });
});

describe("WaitFor (WaitForCaseTest)", () => {
  it("waitfor.yaml: SUCCESS, its task run has outputs; waitfor-no-success.yaml: SUCCESS; waitfor-max-iterations.yaml and waitfor-max-duration.yaml: FAILED", async () => {
    const [waitfor, noSuccess, maxIterations, maxDuration] = await Promise.all(
      ["waitfor.yaml", "waitfor-no-success.yaml", "waitfor-max-iterations.yaml", "waitfor-max-duration.yaml"].map(
        k.execute,
      ),
    );
    expect(waitfor.state).toBe(State.SUCCESS);
    expect(waitfor.taskRuns[0].outputs).not.toBeNull();
    expect(noSuccess.state).toBe(State.SUCCESS);
    expect(maxIterations.state).toBe(State.FAILED);
    expect(maxDuration.state).toBe(State.FAILED);
  });

  it("waitfor-multiple-tasks.yaml: SUCCESS, the last task run's values.count is 4; waitfor-multiple-tasks-failed.yaml: FAILED, its last task run at 1 attempt", async () => {
    const [multiple, failed] = await Promise.all(
      ["waitfor-multiple-tasks.yaml", "waitfor-multiple-tasks-failed.yaml"].map(k.execute),
    );
    expect(multiple.state).toBe(State.SUCCESS);
    expect((outputsOf(multiple.taskRuns.at(-1)!).values as Record<string, unknown>).count).toBe("4");
    expect([failed.state, failed.taskRuns.at(-1)!.attempt]).toEqual([State.FAILED, 1]);
  });
});
