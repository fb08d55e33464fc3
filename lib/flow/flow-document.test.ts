import { describe, expect, it } from "vitest";
import { labelsOf } from "./labels";
import { parseFlow } from "./parse-flow";

const head = "id: doc\nnamespace: company.team\n";
const log = (id: string, indent = "  ") =>
  `${indent}- id: ${id}\n${indent}  type: io.kestra.plugin.core.log.Log\n${indent}  message: ${id}\n`;

function parsed(source: string) {
  const r = parseFlow(source);
  if (!r.ok)
    throw new Error(`expected the flow to parse, got:\n${r.problems.map((p) => `${p.line}: ${p.message}`).join("\n")}`);
  return r.flow;
}

function problems(source: string) {
  const r = parseFlow(source);
  if (r.ok) throw new Error("expected problems");
  return r.problems;
}

/** Flows after Kestra's documentation examples, one per feature, in our own words. */
const VALID: [string, string][] = [
  [
    "Sequential with errors and finally",
    `${head}tasks:
  - id: group
    type: io.kestra.plugin.core.flow.Sequential
    tasks:
${log("one", "      ")}    errors:
${log("on_error", "      ")}    finally:
${log("cleanup", "      ")}`,
  ],
  [
    "Parallel with concurrent",
    `${head}tasks:
  - id: fan
    type: io.kestra.plugin.core.flow.Parallel
    concurrent: 2
    tasks:
${log("a", "      ")}${log("b", "      ")}${log("c", "      ")}`,
  ],
  [
    "If with then and else",
    `${head}inputs:
  - id: go
    type: BOOLEAN
tasks:
  - id: check
    type: io.kestra.plugin.core.flow.If
    condition: "{{ inputs.go }}"
    then:
${log("yes", "      ")}    else:
${log("no", "      ")}`,
  ],
  [
    "Switch with cases and defaults",
    `${head}tasks:
  - id: route
    type: io.kestra.plugin.core.flow.Switch
    value: "{{ inputs.kind ?? 'a' }}"
    cases:
      a:
${log("for_a", "        ")}      "2":
${log("for_2", "        ")}    defaults:
${log("other", "      ")}`,
  ],
  [
    "ForEach over a list and over an expression",
    `${head}tasks:
  - id: each
    type: io.kestra.plugin.core.flow.ForEach
    values: ["a", "b", {"k": 1}]
    concurrencyLimit: 0
    tasks:
${log("item", "      ")}  - id: each_json
    type: io.kestra.plugin.core.flow.ForEach
    values: "{{ outputs.item | json }}"
    tasks:
${log("item2", "      ")}`,
  ],
  [
    "EachSequential and EachParallel (deprecated)",
    `${head}tasks:
  - id: seq
    type: io.kestra.plugin.core.flow.EachSequential
    value: [1, 2]
    tasks:
${log("s", "      ")}  - id: par
    type: io.kestra.plugin.core.flow.EachParallel
    value: '["x","y"]'
    concurrent: 1
    tasks:
${log("p", "      ")}`,
  ],
  [
    "WorkingDirectory with files, namespace files and cache",
    `${head}tasks:
  - id: wd
    type: io.kestra.plugin.core.flow.WorkingDirectory
    inputFiles:
      data.txt: hello
    outputFiles: ["*.csv"]
    namespaceFiles:
      enabled: true
      include: ["scripts/**"]
    cache:
      patterns: ["node_modules/**"]
      ttl: PT1H
    tasks:
      - id: sh
        type: io.kestra.plugin.scripts.shell.Commands
        commands: ["cat data.txt > out.csv"]
`,
  ],
  [
    "Subflow and ForEachItem",
    `${head}tasks:
  - id: child
    type: io.kestra.plugin.core.flow.Subflow
    namespace: company.team
    flowId: other
    inputs: {name: world}
    wait: true
    transmitFailed: false
    inheritLabels: true
    labels: [{key: from, value: parent}]
  - id: batches
    type: io.kestra.plugin.core.flow.ForEachItem
    items: "{{ outputs.child.outputs.file }}"
    batch: {rows: 10}
    namespace: company.team
    flowId: per_batch
    inputs: {file: "{{ taskrun.items }}"}
`,
  ],
  [
    "Pause with pauseDuration, behavior and onResume; Sleep",
    `${head}tasks:
  - id: wait
    type: io.kestra.plugin.core.flow.Pause
    pauseDuration: PT5M
    behavior: WARN
    onResume:
      - id: approved
        type: BOOLEAN
  - id: nap
    type: io.kestra.plugin.core.flow.Sleep
    duration: PT1S
`,
  ],
  [
    "Dag with dependsOn",
    `${head}tasks:
  - id: dag
    type: io.kestra.plugin.core.flow.Dag
    concurrent: 2
    tasks:
      - task:
          id: extract
          type: io.kestra.plugin.core.log.Log
          message: e
      - task:
          id: load
          type: io.kestra.plugin.core.log.Log
          message: l
        dependsOn: [extract]
`,
  ],
  [
    "AllowFailure and WaitFor",
    `${head}tasks:
  - id: lenient
    type: io.kestra.plugin.core.flow.AllowFailure
    tasks:
      - id: boom
        type: io.kestra.plugin.core.execution.Fail
        errorMessage: nope
    errors:
${log("noted", "      ")}  - id: poll
    type: io.kestra.plugin.core.flow.WaitFor
    condition: "{{ outputs.probe.value == 'ready' }}"
    checkFrequency: {maxIterations: 5, interval: PT1S}
    tasks:
      - id: probe
        type: io.kestra.plugin.core.debug.Return
        format: ready
`,
  ],
  [
    "core tasks: Fail, Labels (map and list), OutputValues, Return, Echo",
    `${head}tasks:
  - id: stop
    type: io.kestra.plugin.core.execution.Fail
    condition: "{{ 1 == 2 }}"
  - id: tag
    type: io.kestra.plugin.core.execution.Labels
    labels: {stage: done}
  - id: tag_list
    type: io.kestra.plugin.core.execution.Labels
    labels: [{key: stage, value: done}]
  - id: out
    type: io.kestra.plugin.core.output.OutputValues
    values: {answer: 42, nested: {a: [1, 2]}}
  - id: ret
    type: io.kestra.plugin.core.debug.Return
    format: "{{ outputs.out.values.answer }}"
  - id: echo
    type: io.kestra.plugin.core.debug.Echo
    format: hi
    level: WARN
`,
  ],
  [
    "every top-level key",
    `${head}revision: 7
description: all of it
disabled: false
labels:
  - key: team
    value: data
variables:
  greeting: hello
  nested: {a: 1}
inputs:
  - id: who
    type: STRING
    defaults: world
tasks:
${log("main")}errors:
${log("on_error")}finally:
${log("at_end")}afterExecution:
${log("after")}triggers:
  - id: nightly
    type: io.kestra.plugin.core.trigger.Schedule
    cron: "0 2 * * *"
  - id: hook
    type: io.kestra.plugin.core.trigger.Webhook
    key: abc
  - id: upstream
    type: io.kestra.plugin.core.trigger.Flow
    conditions:
      - type: io.kestra.plugin.core.condition.ExecutionStatus
        in: [SUCCESS]
pluginDefaults:
  - type: io.kestra.plugin.core.log.Log
    values: {level: DEBUG}
concurrency:
  limit: 1
  behavior: CANCEL
outputs:
  - id: said
    type: STRING
    value: "{{ vars.greeting }}"
    displayName: Said
retry:
  type: constant
  interval: PT1S
  maxAttempt: 2
sla:
  - id: slow
    type: MAX_DURATION
    behavior: FAIL
    duration: PT1H
checks:
  - condition: "{{ inputs.who != '' }}"
    message: who must not be empty
    behavior: BLOCK_EXECUTION
`,
  ],
  [
    "common task properties on a Log task",
    `${head}tasks:
  - id: careful
    type: io.kestra.plugin.core.log.Log
    message: hi
    runIf: "{{ inputs.go ?? true }}"
    allowFailure: true
    allowWarning: true
    timeout: PT10S
    retry: {type: random, minInterval: PT1S, maxInterval: PT2S, maxAttempt: 3, behavior: RETRY_FAILED_TASK}
    logLevel: WARN
    logToFile: false
    workerGroup: {key: gpu, fallback: WAIT}
    taskCache: {enabled: true, ttl: PT1H}
    version: "1.0"
    disabled: false
`,
  ],
];

describe("the Kestra flow document", () => {
  it.each(VALID)("parses: %s", (_name, source) => {
    parsed(source);
  });

  it("reads labels as a map or a list, and gives them as a list", () => {
    expect(labelsOf(parsed(`${head}labels:\n  env: prod\n  tier: 2\ntasks:\n${log("a")}`))).toEqual([
      { key: "env", value: "prod" },
      { key: "tier", value: "2" },
    ]);
    expect(labelsOf(parsed(`${head}labels:\n  - key: env\n    value: prod\ntasks:\n${log("a")}`))).toEqual([
      { key: "env", value: "prod" },
    ]);
    expect(labelsOf(parsed(`${head}tasks:\n${log("a")}`))).toEqual([]);
  });

  it("gives concurrency its default behavior QUEUE and flowables their documented defaults", () => {
    const flow = parsed(
      `${head}concurrency: {limit: 2}\ntasks:\n  - id: p\n    type: io.kestra.plugin.core.flow.Parallel\n    tasks:\n${log("a", "      ")}  - id: f\n    type: io.kestra.plugin.core.flow.ForEach\n    values: [1]\n    tasks:\n${log("b", "      ")}  - id: s\n    type: io.kestra.plugin.core.flow.Subflow\n    namespace: n\n    flowId: f\n`,
    );
    expect(flow.concurrency).toEqual({ limit: 2, behavior: "QUEUE" });
    expect(flow.tasks[0].concurrent).toBe(0);
    expect(flow.tasks[1].concurrencyLimit).toBe(1);
    expect(flow.tasks[2]).toMatchObject({ wait: true, transmitFailed: true, inheritLabels: false });
  });

  it("reads retry.maxAttempts as maxAttempt, on tasks and on the flow", () => {
    const flow = parsed(
      `${head}retry: {type: constant, interval: PT1S, maxAttempts: 4}\ntasks:\n  - id: a\n    type: io.kestra.plugin.scripts.shell.Commands\n    commands: [ls]\n    retry:\n      type: exponential\n      interval: PT1S\n      maxInterval: PT10S\n      maxAttempts: 3\n`,
    );
    expect(flow.retry).toEqual({ type: "constant", interval: "PT1S", maxAttempt: 4 });
    expect(flow.tasks[0].retry).toEqual({ type: "exponential", interval: "PT1S", maxInterval: "PT10S", maxAttempt: 3 });
  });

  it("reads an empty task list (null in YAML) as none: the parsed flow has no null list", () => {
    const flow = parsed(
      `${head}tasks:\n  - id: sw\n    type: io.kestra.plugin.core.flow.Switch\n    value: a\n    cases:\n      a:\n${log("x", "        ")}    defaults:\nerrors:\n`,
    );
    expect(flow).not.toHaveProperty("errors");
    expect(flow.tasks[0]).not.toHaveProperty("defaults");
  });

  it("reads Pause's old delay as pauseDuration", () => {
    const flow = parsed(`${head}tasks:\n  - id: p\n    type: io.kestra.plugin.core.flow.Pause\n    delay: PT1S\n`);
    expect(flow.tasks[0].pauseDuration).toBe("PT1S");
    expect(flow.tasks[0]).not.toHaveProperty("delay");
  });

  it("reads Kestra's old type names as today's, at every depth, in triggers and their conditions", () => {
    const flow = parsed(`${head}tasks:
  - id: seq
    type: io.kestra.core.tasks.flows.Sequential
    tasks:
      - id: legacy_log
        type: io.kestra.core.tasks.log.Log
        message: hi
      - id: ret
        type: io.kestra.core.tasks.debugs.Return
        format: x
      - id: sub
        type: io.kestra.core.tasks.flows.Flow
        namespace: n
        flowId: f
  - id: wd
    type: io.kestra.core.tasks.flows.Worker
    tasks:
      - id: fail
        type: io.kestra.core.tasks.executions.Fail
triggers:
  - id: t
    type: io.kestra.core.models.triggers.types.Schedule
    cron: "* * * * *"
    conditions:
      - type: io.kestra.core.models.conditions.types.ExecutionStatusCondition
`);
    const seq = flow.tasks[0] as unknown as { type: string; tasks: { type: string }[] };
    expect(seq.type).toBe("io.kestra.plugin.core.flow.Sequential");
    expect(seq.tasks.map((t) => t.type)).toEqual([
      "io.kestra.plugin.core.log.Log",
      "io.kestra.plugin.core.debug.Return",
      "io.kestra.plugin.core.flow.Subflow",
    ]);
    expect(flow.tasks[1].type).toBe("io.kestra.plugin.core.flow.WorkingDirectory");
    expect(flow.triggers?.[0]).toMatchObject({
      type: "io.kestra.plugin.core.trigger.Schedule",
      conditions: [{ type: "io.kestra.plugin.core.condition.ExecutionStatus" }],
    });
  });

  it("keeps trigger properties it does not check as written", () => {
    const flow = parsed(
      `${head}tasks:\n${log("a")}triggers:\n  - id: s\n    type: io.kestra.plugin.core.trigger.Schedule\n    cron: "@daily"\n    timezone: Europe/Paris\n    inputs: {x: 1}\n`,
    );
    expect(flow.triggers?.[0]).toEqual({
      id: "s",
      type: "io.kestra.plugin.core.trigger.Schedule",
      cron: "@daily",
      timezone: "Europe/Paris",
      inputs: { x: 1 },
    });
  });
});

describe("pluginDefaults in parseFlow", () => {
  it("supplies a required property a task omits, at any depth, and the parsed flow has it", () => {
    const flow = parsed(`${head}pluginDefaults:
  - type: io.kestra.plugin.core.log.Log
    values:
      message: from defaults
tasks:
  - id: plain
    type: io.kestra.plugin.core.log.Log
  - id: group
    type: io.kestra.plugin.core.flow.Sequential
    tasks:
      - id: nested
        type: io.kestra.plugin.core.log.Log
        message: own
`);
    expect(flow.tasks[0].message).toBe("from defaults");
    expect((flow.tasks[1].tasks as { message: string }[])[0].message).toBe("own");
  });

  it("applies a prefix default, and a forced one over the task's own value", () => {
    const flow = parsed(`${head}pluginDefaults:
  - type: io.kestra.plugin.scripts
    values:
      docker: {image: "python:3.12-slim"}
  - type: io.kestra.plugin.scripts.shell.Commands
    forced: true
    values:
      timeout: PT1M
tasks:
  - id: sh
    type: io.kestra.plugin.scripts.shell.Commands
    timeout: PT1H
    commands: [ls]
`);
    expect(flow.tasks[0]).toMatchObject({ docker: { image: "python:3.12-slim" }, timeout: "PT1M" });
  });

  it("accepts the deprecated taskDefaults and defaults written with an old type name", () => {
    const flow = parsed(`${head}taskDefaults:
  - type: io.kestra.core.tasks.log.Log
    values: {message: old}
tasks:
  - id: a
    type: io.kestra.plugin.core.log.Log
`);
    expect(flow.tasks[0].message).toBe("old");
  });

  it("names a property a default adds that the task type does not have", () => {
    const p = problems(
      `${head}pluginDefaults:\n  - type: io.kestra.plugin.core\n    values: {colour: red}\ntasks:\n${log("a")}`,
    );
    expect(p[0].message).toContain('unknown property "colour"');
    expect(p[0].message).toContain("set by pluginDefaults");
    expect(p[0].line).toBe(7);
  });
});
