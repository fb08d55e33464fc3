import { describe, expect, it } from "vitest";
import { saveFlow } from "../flows/save-flow";
import { runFlow, waitForEnd } from "../testing/run-flow";
import { useTestExecutor } from "../testing/test-executor";
import { createExecution } from "../executions/create-execution";
import { getExecution } from "../executions/get-execution";

/**
 * The outcomes Kestra's own runner tests check (final state, number of task runs, outputs), for
 * families flowables.int.test.ts and subflow-pause.int.test.ts do not already prove, with flows of
 * our own made of core tasks (no containers, so they stay fast).
 */
const t = useTestExecutor();

type Execution = Awaited<ReturnType<typeof getExecution>>;
const ns = "it.conformance";
const flow = (id: string, body: string) => `id: ${id}\nnamespace: ${ns}\n${body}`;
const run = async (yaml: string) => getExecution(t.deps.db, (await runFlow(t.deps, yaml, t.executor)).execution.id);
const stateOf = (e: Execution, taskId: string, value?: string) =>
  e.taskRuns.find((r) => r.taskId === taskId && (value === undefined || r.value === value))?.state;
const outputOf = (e: Execution, taskId: string) =>
  e.taskRuns.find((r) => r.taskId === taskId)?.outputs as Record<string, unknown> | undefined;
const ran = (e: Execution, taskId: string) => e.taskRuns.some((r) => r.taskId === taskId);

/** Runs a saved flow with inputs, as the Run API does. */
async function runWith(flowId: string, inputs: Record<string, unknown>): Promise<Execution> {
  const created = await createExecution(t.deps.db, ns, flowId, inputs);
  t.executor.wake();
  await waitForEnd(t.deps, created.id);
  return getExecution(t.deps.db, created.id);
}

describe("conformance with Kestra's runner tests", () => {
  it("EachSequential / EachParallel (EachSequentialTest, EachParallelTest): one run per (value, task), object values as JSON, an empty list runs nothing", async () => {
    const seq = await run(
      flow(
        "each-seq",
        `tasks:
  - id: each
    type: io.kestra.core.tasks.flows.EachSequential
    value: ["v1", "v2", "v3"]
    tasks:
      - id: first
        type: io.kestra.plugin.core.debug.Return
        format: "{{ task.id }} > {{ taskrun.value }}"
      - id: second
        type: io.kestra.plugin.core.debug.Return
        format: "after {{ outputs.first[taskrun.value].value }}"
  - id: last
    type: io.kestra.plugin.core.debug.Return
    format: "{{ outputs.first['v2'].value }}"
`,
      ),
    );
    expect([seq.state, seq.error]).toEqual(["SUCCESS", null]);
    expect(seq.taskRuns).toHaveLength(8);
    expect(outputOf(seq, "last")).toEqual({ value: "first > v2" });
    expect(
      seq.taskRuns.filter((r) => r.taskId === "second").map((r) => (r.outputs as { value: string }).value),
    ).toEqual(["after first > v1", "after first > v2", "after first > v3"]);

    const objects = await run(
      flow(
        "each-objects",
        `tasks:
  - id: each
    type: io.kestra.plugin.core.flow.EachParallel
    value: '[{"name": "a", "n": 1}, {"name": "b", "n": 2}]'
    tasks:
      - id: show
        type: io.kestra.plugin.core.debug.Return
        format: "{{ fromJson(taskrun.value).name }}={{ fromJson(taskrun.value).n }}"
`,
      ),
    );
    expect(objects.state).toBe("SUCCESS");
    expect(objects.taskRuns).toHaveLength(3);
    expect(
      objects.taskRuns
        .filter((r) => r.taskId === "show")
        .map((r) => (r.outputs as { value: string }).value)
        .sort(),
    ).toEqual(["a=1", "b=2"]);

    const empty = await run(
      flow(
        "each-empty",
        `tasks:
  - id: each
    type: io.kestra.plugin.core.flow.EachSequential
    value: []
    tasks:
      - {id: never, type: io.kestra.plugin.core.debug.Return, format: x}
  - {id: after, type: io.kestra.plugin.core.debug.Return, format: y}
`,
      ),
    );
    expect(empty.state).toBe("SUCCESS");
    expect(empty.taskRuns.map((r) => r.taskId)).toEqual(["each", "after"]);
  });

  it("nested ForEach reads parent.taskrun.value, and outputs are indexed by both values (EachSequentialTest.sequentialNested)", async () => {
    const e = await run(
      flow(
        "nested-each",
        `tasks:
  - id: outer
    type: io.kestra.plugin.core.flow.ForEach
    values: ["a", "b"]
    tasks:
      - id: inner
        type: io.kestra.plugin.core.flow.ForEach
        values: ["1", "2"]
        tasks:
          - id: pair
            type: io.kestra.plugin.core.debug.Return
            format: "{{ parent.taskrun.value }}-{{ taskrun.value }}"
  - id: lookup
    type: io.kestra.plugin.core.debug.Return
    format: "{{ outputs.pair['b']['2'].value }}"
`,
      ),
    );
    expect(e.state).toBe("SUCCESS");
    expect(e.taskRuns).toHaveLength(1 + 2 + 4 + 1);
    expect(
      e.taskRuns
        .filter((r) => r.taskId === "pair")
        .map((r) => (r.outputs as { value: string }).value)
        .sort(),
    ).toEqual(["a-1", "a-2", "b-1", "b-2"]);
    expect(outputOf(e, "lookup")).toEqual({ value: "b-2" });
  });

  it("Switch picks the case of its value, else defaults (outputs value and defaults); a failing case runs its errors; no match and no defaults fails (SwitchTest)", async () => {
    await saveFlow(
      t.deps.db,
      flow(
        "switch",
        `inputs:
  - {id: string, type: STRING}
tasks:
  - id: parent-seq
    type: io.kestra.plugin.core.flow.Switch
    value: "{{ inputs.string }}"
    cases:
      FIRST:
        - {id: t1, type: io.kestra.plugin.core.debug.Return, format: one}
      SECOND:
        - {id: t2, type: io.kestra.plugin.core.debug.Return, format: two}
        - {id: t2_sub, type: io.kestra.plugin.core.debug.Return, format: two-sub}
      THIRD:
        - {id: failed, type: io.kestra.plugin.core.execution.Fail}
    defaults:
      - {id: default, type: io.kestra.plugin.core.debug.Return, format: default}
    errors:
      - {id: error-t1, type: io.kestra.plugin.core.log.Log, message: "case failed"}
`,
      ),
      { create: true },
    );
    const second = await runWith("switch", { string: "SECOND" });
    expect(second.state).toBe("SUCCESS");
    expect(second.taskRuns.map((r) => r.taskId)).toEqual(["parent-seq", "t2", "t2_sub"]);
    expect(outputOf(second, "parent-seq")).toMatchObject({ value: "SECOND", defaults: false });

    const third = await runWith("switch", { string: "THIRD" });
    expect(third.state).toBe("FAILED");
    expect(third.taskRuns.map((r) => r.taskId)).toEqual(["parent-seq", "failed", "error-t1"]);
    expect(stateOf(third, "error-t1")).toBe("SUCCESS");

    const other = await runWith("switch", { string: "DEFAULT" });
    expect(other.state).toBe("SUCCESS");
    expect(other.taskRuns.map((r) => r.taskId)).toEqual(["parent-seq", "default"]);
    expect(outputOf(other, "parent-seq")).toMatchObject({ value: "DEFAULT", defaults: true });

    const impossible = await run(
      flow(
        "switch-impossible",
        `tasks:
  - id: sw
    type: io.kestra.plugin.core.flow.Switch
    value: impossible
    cases:
      possible:
        - {id: never, type: io.kestra.plugin.core.debug.Return, format: x}
`,
      ),
    );
    expect(impossible.state).toBe("FAILED");
    expect(ran(impossible, "never")).toBe(false);
  });

  it("If follows Kestra's truthiness: true, 1 and any text run then; false, 0 and empty run else, two task runs each (IfTest)", async () => {
    await saveFlow(
      t.deps.db,
      flow(
        "if-condition",
        `inputs:
  - {id: param, type: STRING, required: false, defaults: ""}
tasks:
  - id: if
    type: io.kestra.plugin.core.flow.If
    condition: "{{ inputs.param }}"
    then:
      - {id: when-true, type: io.kestra.plugin.core.debug.Return, format: yes}
    else:
      - {id: when-false, type: io.kestra.plugin.core.debug.Return, format: no}
`,
      ),
      { create: true },
    );
    for (const [param, branch] of [
      ["true", "when-true"],
      ["1", "when-true"],
      ["yes", "when-true"],
      ["false", "when-false"],
      ["0", "when-false"],
      ["", "when-false"],
    ] as const) {
      const e = await runWith("if-condition", { param });
      expect(e.state, `param ${JSON.stringify(param)}`).toBe("SUCCESS");
      expect(
        e.taskRuns.map((r) => r.taskId),
        `param ${JSON.stringify(param)}`,
      ).toEqual(["if", branch]);
    }
  });

  it("a failure in a Parallel inside a Sequential: its errors and finally, then the flow's, run; nothing after it does (ErrorsTest, FinallyTest, ParallelTest)", async () => {
    const e = await run(
      flow(
        "errors-finally",
        `tasks:
  - id: seq
    type: io.kestra.plugin.core.flow.Sequential
    tasks:
      - id: par
        type: io.kestra.plugin.core.flow.Parallel
        tasks:
          - {id: ok, type: io.kestra.plugin.core.debug.Return, format: fine}
          - {id: ko, type: io.kestra.plugin.core.execution.Fail, errorMessage: broken}
      - {id: never, type: io.kestra.plugin.core.debug.Return, format: x}
    errors:
      - {id: seq-error, type: io.kestra.plugin.core.log.Log, message: "seq failed"}
    finally:
      - {id: seq-finally, type: io.kestra.plugin.core.log.Log, message: "seq done"}
  - {id: after, type: io.kestra.plugin.core.debug.Return, format: x}
errors:
  - {id: global-error, type: io.kestra.plugin.core.log.Log, message: "flow failed"}
finally:
  - {id: global-finally, type: io.kestra.plugin.core.log.Log, message: "flow done"}
`,
      ),
    );
    expect(e.state).toBe("FAILED");
    expect(e.error).toMatch(/task ko failed: broken/);
    expect([stateOf(e, "ok"), stateOf(e, "ko"), stateOf(e, "par"), stateOf(e, "seq")]).toEqual([
      "SUCCESS",
      "FAILED",
      "FAILED",
      "FAILED",
    ]);
    expect(ran(e, "never")).toBe(false);
    expect(ran(e, "after")).toBe(false);
    for (const handler of ["seq-error", "seq-finally", "global-error", "global-finally"])
      expect(stateOf(e, handler), handler).toBe("SUCCESS");
    expect(e.taskRuns).toHaveLength(8);
    // Handlers in Kestra's order: a flowable's errors, then its finally, then the flow's.
    const order = e.taskRuns
      .filter((r) => r.taskId.includes("-"))
      .sort((a, b) => a.position - b.position)
      .map((r) => r.taskId);
    expect(order).toEqual(["seq-error", "seq-finally", "global-error", "global-finally"]);
  });

  it("AllowFailure around a Sequential with its own errors: the failure and local handler run, the group is WARNING, the flow goes on WARNING, the flow's errors do not run (AllowFailureTest)", async () => {
    const e = await run(
      flow(
        "allow-failure",
        `tasks:
  - id: first
    type: io.kestra.plugin.core.flow.AllowFailure
    tasks:
      - id: seq
        type: io.kestra.plugin.core.flow.Sequential
        tasks:
          - {id: fine, type: io.kestra.plugin.core.debug.Return, format: ok}
          - {id: ko, type: io.kestra.plugin.core.execution.Fail}
        errors:
          - {id: local-error, type: io.kestra.plugin.core.log.Log, message: handled}
  - {id: last, type: io.kestra.plugin.core.debug.Return, format: done}
errors:
  - {id: global-error, type: io.kestra.plugin.core.log.Log, message: never}
`,
      ),
    );
    expect(e.state).toBe("WARNING");
    expect([
      stateOf(e, "first"),
      stateOf(e, "seq"),
      stateOf(e, "fine"),
      stateOf(e, "ko"),
      stateOf(e, "local-error"),
      stateOf(e, "last"),
    ]).toEqual(["WARNING", "FAILED", "SUCCESS", "FAILED", "SUCCESS", "SUCCESS"]);
    expect(ran(e, "global-error")).toBe(false);
    expect(e.taskRuns).toHaveLength(6);
  });

  it("retry: a task failing every attempt fails after maxAttempt; one that succeeds on a retry is WARNING with warningOnRetry (RetryCaseTest)", async () => {
    const always = await run(
      flow(
        "retry-failed",
        `tasks:
  - id: flaky
    type: io.kestra.plugin.core.execution.Fail
    retry: {type: constant, interval: PT0.1S, maxAttempt: 3}
`,
      ),
    );
    expect(always.state).toBe("FAILED");
    expect(always.taskRuns.map((r) => [r.taskId, r.attempt])).toEqual([["flaky", 3]]);

    const second = await run(
      flow(
        "retry-warning",
        `tasks:
  - id: flaky
    type: io.kestra.plugin.core.execution.Fail
    condition: "{{ taskrun.attemptsCount < 2 }}"
    retry: {type: constant, interval: PT0.1S, maxAttempt: 3, warningOnRetry: true}
  - {id: next, type: io.kestra.plugin.core.debug.Return, format: "{{ taskrun.attemptsCount }}"}
`,
      ),
    );
    // attemptsCount counts the attempts before this one (Kestra's RunVariables): 0, 1, then 2 passes.
    expect(second.state).toBe("WARNING");
    expect([stateOf(second, "flaky"), second.taskRuns[0].attempt]).toEqual(["WARNING", 3]);
    expect(outputOf(second, "next")).toEqual({ value: "0" });
  });

  it("run variables as today's Kestra builds them: tasks.<id>.state (per value in a ForEach), parents of {task: {id}, taskrun: {value}}, labels.system.correlationId", async () => {
    const e = await run(
      flow(
        "run-variables",
        `tasks:
  - id: shaky
    type: io.kestra.plugin.core.execution.Fail
    allowFailure: true
  - id: each
    type: io.kestra.plugin.core.flow.ForEach
    values: ["x"]
    tasks:
      - id: inner
        type: io.kestra.plugin.core.flow.Sequential
        tasks:
          - id: deep
            type: io.kestra.plugin.core.debug.Return
            format: "{{ parents | json }}"
finally:
  - id: report
    type: io.kestra.plugin.core.debug.Return
    format: "{{ tasks.shaky.state }} {{ tasks.inner['x'].state }} {{ labels.system.correlationId == execution.id }}"
`,
      ),
    );
    expect(e.state).toBe("WARNING");
    expect(JSON.parse(String(outputOf(e, "deep")!.value))).toEqual([
      { task: { id: "inner" }, taskrun: { value: "x" } },
      { task: { id: "each" } },
    ]);
    expect(outputOf(e, "report")).toEqual({ value: "WARNING SUCCESS true" });
  });

  it("a task whose properties do not render fails that attempt, and retry tries it again (Kestra renders inside run())", async () => {
    const e = await run(
      flow(
        "render-retry",
        `tasks:
  - id: picky
    type: io.kestra.plugin.core.debug.Return
    format: "{{ taskrun.attemptsCount == 0 ? missing.attribute : 'rendered on attempt ' ~ (taskrun.attemptsCount + 1) }}"
    retry: {type: constant, interval: PT0.1S, maxAttempts: 3, warningOnRetry: true}
`,
      ),
    );
    expect(e.state).toBe("WARNING");
    expect([stateOf(e, "picky"), e.taskRuns[0].attempt]).toEqual(["WARNING", 2]);
    expect(outputOf(e, "picky")).toEqual({ value: "rendered on attempt 2" });
  });

  it("inside a WorkingDirectory, tasks see it as workerTaskrun and its ForEach value as their taskrun.value (WorkingDirectoryTest)", async () => {
    const e = await run(
      flow(
        "wd-value",
        `tasks:
  - id: each
    type: io.kestra.plugin.core.flow.ForEach
    values: ["a"]
    tasks:
      - id: wd
        type: io.kestra.plugin.core.flow.WorkingDirectory
        tasks:
          - id: inside
            type: io.kestra.plugin.core.debug.Return
            format: "{{ taskrun.value }} {{ workerTaskrun.value }} {{ workerTaskrun.id != taskrun.id }}"
`,
      ),
    );
    expect(e.state).toBe("SUCCESS");
    expect(outputOf(e, "inside")).toEqual({ value: "a a true" });
  });

  it("timeout fails a task that runs longer, and the flow stops there (TimeoutTest)", async () => {
    const e = await run(
      flow(
        "timeout",
        `tasks:
  - id: slow
    type: io.kestra.plugin.core.flow.Sleep
    duration: PT30S
    timeout: PT0.5S
  - {id: never, type: io.kestra.plugin.core.debug.Return, format: x}
`,
      ),
    );
    expect(e.state).toBe("FAILED");
    expect(stateOf(e, "slow")).toBe("FAILED");
    expect(e.error).toMatch(/task slow failed: timed out after PT0.5S/);
    expect(ran(e, "never")).toBe(false);
  });

  it("flow variables are read as written; render() evaluates an expression inside one (VariablesTest)", async () => {
    const e = await run(
      flow(
        "variables",
        `variables:
  first: "1"
  second: "{{ vars.first }} > 2"
  list: [a, b]
tasks:
  - id: raw
    type: io.kestra.plugin.core.debug.Return
    format: "{{ vars.second }}"
  - id: rendered
    type: io.kestra.plugin.core.debug.Return
    format: "{{ render(vars.second) }} / {{ vars.list[1] }}"
`,
      ),
    );
    expect(e.state).toBe("SUCCESS");
    expect(outputOf(e, "raw")).toEqual({ value: "{{ vars.first }} > 2" });
    expect(outputOf(e, "rendered")).toEqual({ value: "1 > 2 / b" });
  });
});
