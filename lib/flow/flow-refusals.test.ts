import { describe, expect, it } from "vitest";
import { parseFlow } from "./parse-flow";

const head = "id: doc\nnamespace: company.team\n";
const log = (id: string, indent = "  ") =>
  `${indent}- id: ${id}\n${indent}  type: io.kestra.plugin.core.log.Log\n${indent}  message: ${id}\n`;

function problems(source: string) {
  const r = parseFlow(source);
  if (r.ok) throw new Error("expected problems");
  return r.problems;
}

describe("flows that are refused, each problem at its line", () => {
  it("an unknown top-level key", () => {
    const p = problems(`${head}tasks:\n${log("a")}workerGroup: {key: x}\n`);
    expect(p).toHaveLength(1);
    expect(p[0].message).toContain('unknown property "workerGroup"');
  });

  it("a duplicate id nested in a flowable, at the second one's line", () => {
    const p = problems(`${head}tasks:
  - id: same
    type: io.kestra.plugin.core.log.Log
    message: first
  - id: group
    type: io.kestra.plugin.core.flow.Parallel
    tasks:
      - id: other
        type: io.kestra.plugin.core.log.Log
        message: x
      - id: same
        type: io.kestra.plugin.core.log.Log
        message: second
`);
    expect(p).toHaveLength(1);
    expect(p[0]).toMatchObject({ line: 13, path: "tasks[1].tasks[1].id" });
    expect(p[0].message).toContain('duplicate task id "same"');
    expect(p[0].message).toContain("tasks[0]");
  });

  it("a duplicate id between tasks, errors, finally, Switch cases and Dag entries", () => {
    const dup = (where: string) => problems(`${head}tasks:\n${log("x")}${where}`);
    expect(dup(`errors:\n${log("x")}`)[0]).toMatchObject({ path: "errors[0].id", line: 8 });
    expect(dup(`finally:\n${log("x")}`)[0]).toMatchObject({ path: "finally[0].id", line: 8 });
    expect(dup(`afterExecution:\n${log("x")}`)[0]).toMatchObject({ path: "afterExecution[0].id", line: 8 });
    const inCase = problems(
      `${head}tasks:\n  - id: sw\n    type: io.kestra.plugin.core.flow.Switch\n    value: a\n    cases:\n      a:\n${log("sw", "        ")}`,
    );
    expect(inCase[0]).toMatchObject({ path: "tasks[0].cases.a[0].id", line: 9 });
    const inDag = problems(
      `${head}tasks:\n  - id: d\n    type: io.kestra.plugin.core.flow.Dag\n    tasks:\n      - task:\n          id: d\n          type: io.kestra.plugin.core.log.Log\n          message: m\n`,
    );
    expect(inDag[0]).toMatchObject({ path: "tasks[0].tasks[0].task.id", line: 8 });
  });

  it("a task type of a plugin Osprey does not have, in one message", () => {
    const p = problems(
      `${head}tasks:\n  - id: up\n    type: io.kestra.plugin.aws.dynamodb.PutItem\n    tableName: t\n`,
    );
    expect(p).toHaveLength(1);
    expect(p[0].message).toContain(
      "task type io.kestra.plugin.aws.dynamodb.PutItem is not available in Osprey; of the plugin io.kestra.plugin.aws it has: io.kestra.plugin.aws.cli.AwsCLI, io.kestra.plugin.aws.s3.Upload",
    );
    expect(p[0]).toMatchObject({ line: 5, path: "tasks[0].type" });
    const none = problems(`${head}tasks:\n  - id: q\n    type: io.kestra.plugin.snowflake.Query\n    sql: select 1\n`);
    expect(none[0].message).toContain(
      "task type io.kestra.plugin.snowflake.Query belongs to the plugin io.kestra.plugin.snowflake, which is not available in Osprey",
    );
  });

  it("an unavailable type nested in a flowable, written with an old name", () => {
    const p = problems(
      `${head}tasks:\n  - id: g\n    type: io.kestra.plugin.core.flow.Sequential\n    tasks:\n      - id: files\n        type: io.kestra.core.tasks.storages.Reverse\n`,
    );
    expect(p).toHaveLength(1);
    expect(p[0].message).toContain(
      "io.kestra.core.tasks.storages.Reverse (now io.kestra.plugin.core.storage.Reverse) is a Kestra core type that Osprey does not have",
    );
    expect(p[0].line).toBe(8);
  });

  it("a Switch without cases, or with none", () => {
    const missing = problems(`${head}tasks:\n  - id: sw\n    type: io.kestra.plugin.core.flow.Switch\n    value: a\n`);
    expect(missing[0]).toMatchObject({ path: "tasks[0].cases", line: 4 });
    expect(missing[0].message).toContain("required");
    const empty = problems(
      `${head}tasks:\n  - id: sw\n    type: io.kestra.plugin.core.flow.Switch\n    value: a\n    cases: {}\n`,
    );
    expect(empty[0]).toMatchObject({ path: "tasks[0].cases", line: 7 });
    expect(empty[0].message).toContain("at least one case");
  });

  it("a problem deep inside nested flowables, at its own line", () => {
    const p = problems(`${head}tasks:
  - id: outer
    type: io.kestra.plugin.core.flow.If
    condition: "true"
    then:
      - id: inner
        type: io.kestra.plugin.core.flow.ForEach
        values: [1]
        tasks:
          - id: bad
            type: io.kestra.plugin.scripts.shell.Commands
            commands: []
`);
    expect(p).toHaveLength(1);
    expect(p[0]).toMatchObject({ path: "tasks[0].then[0].tasks[0].commands", line: 14 });
  });

  it("an unknown trigger type, a bad concurrency, an output without value, a bad retry type", () => {
    const p = problems(`${head}tasks:
${log("a")}triggers:
  - id: k
    type: io.kestra.plugin.kafka.Trigger
concurrency:
  limit: 0
  behavior: WAIT
outputs:
  - id: o
    type: STRING
retry:
  type: linear
  interval: PT1S
`);
    const byPath = Object.fromEntries(p.map((x) => [x.path, x]));
    expect(byPath["triggers[0].type"]).toMatchObject({ line: 9 });
    expect(byPath["triggers[0].type"].message).toContain("belongs to the plugin io.kestra.plugin.kafka");
    expect(byPath["concurrency.limit"]).toMatchObject({ line: 11 });
    expect(byPath["concurrency.behavior"]).toMatchObject({ line: 12 });
    expect(byPath["outputs[0].value"]?.message).toContain("required");
    expect(byPath["retry.type"]).toMatchObject({ line: 17 });
  });

  it("labels that are neither a map nor a list of {key, value}, and a task type that is not text", () => {
    const labels = problems(`${head}labels: [1]\ntasks:\n${log("a")}`);
    expect(labels[0]).toMatchObject({ path: "labels", line: 3 });
    expect(labels[0].message).toContain("a map of key: value, or a list of {key, value}");
    const type = problems(`${head}tasks:\n  - id: a\n    type: 5\n`);
    expect(type[0]).toMatchObject({ path: "tasks[0].type", line: 5 });
  });

  it("a Dag that depends on a task it does not have, or goes in a circle", () => {
    const dag = (entries: string) =>
      problems(`${head}tasks:\n  - id: d\n    type: io.kestra.plugin.core.flow.Dag\n    tasks:\n${entries}`);
    const entry = (id: string, deps: string[]) =>
      `      - task: {id: ${id}, type: io.kestra.plugin.core.log.Log, message: m}\n        dependsOn: [${deps.join(", ")}]\n`;
    const unknown = dag(entry("a", ["nope"]));
    expect(unknown[0]).toMatchObject({ path: "tasks[0].tasks[0].dependsOn", line: 8 });
    expect(unknown[0].message).toContain('"nope"');
    const circle = dag(entry("a", ["b"]) + entry("b", ["a"]));
    expect(circle[0].message).toContain("circle");
  });
});

describe("why a type is not available", () => {
  const typeProblem = (type: string) => problems(`${head}tasks:\n  - id: t\n    type: ${type}\n`)[0].message;

  it("names what Osprey has of a plugin it has in part", () => {
    expect(typeProblem("io.kestra.plugin.docker.Inspect")).toContain(
      "of the plugin io.kestra.plugin.docker it has: io.kestra.plugin.docker.Run, io.kestra.plugin.docker.Build, io.kestra.plugin.docker.Pull",
    );
    expect(typeProblem("io.kestra.plugin.scripts.python.Eval")).toContain(
      "of the plugin io.kestra.plugin.scripts.python it has: io.kestra.plugin.scripts.python.Script",
    );
  });

  it("takes each script language as its own plugin", () => {
    expect(typeProblem("io.kestra.plugin.scripts.jython.Eval")).toContain(
      "belongs to the plugin io.kestra.plugin.scripts.jython, which is not available in Osprey",
    );
  });

  it("calls a Kestra core type by its name, and anything else unknown", () => {
    expect(typeProblem("io.kestra.plugin.core.flow.Loop")).toContain("is a Kestra core type that Osprey does not have");
    expect(typeProblem("Log")).toContain('unknown task type "Log"; known types: ');
  });
});
