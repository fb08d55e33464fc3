import { describe, expect, it } from "vitest";
import { parseFlow } from "./parse-flow";

const valid = `# a comment that must survive
id: hello
namespace: company.team
description: Says hello
labels:
  env: dev
tasks:
  - id: py
    type: io.kestra.plugin.scripts.python.Script
    runner: DOCKER
    docker:
      image: osprey/python
      pullPolicy: IF_NOT_PRESENT
    script: |
      print("hi")
  - id: log
    type: io.kestra.plugin.core.log.Log
    message: done
`;

function problems(source: string) {
  const r = parseFlow(source);
  if (r.ok) throw new Error("expected problems");
  return r.problems;
}

describe("parseFlow", () => {
  it("accepts a Kestra flow and returns its model", () => {
    const r = parseFlow(valid);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.flow.id).toBe("hello");
    expect(r.flow.tasks).toHaveLength(2);
    expect(r.flow.tasks[0]).toMatchObject({
      type: "io.kestra.plugin.scripts.python.Script",
      docker: { image: "osprey/python" },
    });
  });

  it("reports invalid YAML with line and column", () => {
    const p = problems("id: x\nnamespace: y\ntasks:\n  - id: a\n   type: broken: here\n");
    expect(p[0].message).toMatch(/invalid YAML/);
    expect(p[0].line).toBe(5);
    expect(p[0].column).toBeGreaterThan(0);
  });

  it("names an unknown task type and points at its line", () => {
    const p = problems("id: x\nnamespace: y\ntasks:\n  - id: a\n    type: com.example.NopeTask\n");
    expect(p).toHaveLength(1);
    expect(p[0]).toMatchObject({ line: 5, column: 5, path: "tasks[0].type" });
    expect(p[0].message).toContain('unknown task type "com.example.NopeTask"');
    expect(p[0].message).toContain("io.kestra.plugin.scripts.python.Script");
  });

  it("refuses duplicate task ids at the second one", () => {
    const p = problems(
      "id: x\nnamespace: y\ntasks:\n  - id: a\n    type: io.kestra.plugin.core.log.Log\n    message: one\n  - id: a\n    type: io.kestra.plugin.core.log.Log\n    message: two\n",
    );
    expect(p).toHaveLength(1);
    expect(p[0].message).toContain('duplicate task id "a"');
    expect(p[0]).toMatchObject({ line: 7, path: "tasks[1].id" });
  });

  it("refuses an empty docker.image where one is given", () => {
    const p = problems(
      "id: x\nnamespace: y\ntasks:\n  - id: a\n    type: io.kestra.plugin.scripts.shell.Commands\n    docker:\n      image:\n    commands: [ls]\n",
    );
    expect(p[0].path).toBe("tasks[0].docker.image");
    expect(p[0].line).toBe(7);
  });

  it("refuses a docker block without image, unknown properties and a bad runner, each with its place", () => {
    const p = problems(
      "id: x\nnamespace: y\ntasks:\n  - id: a\n    type: io.kestra.plugin.scripts.shell.Commands\n    runner: KUBERNETES\n    docker:\n      pullPolicy: NEVER\n    colour: red\n    commands: [ls]\n",
    );
    const byPath = Object.fromEntries(p.map((x) => [x.path, x]));
    expect(byPath["tasks[0].runner"]).toMatchObject({ line: 6 });
    expect(byPath["tasks[0].docker.image"]?.message).toContain("required");
    expect(byPath["tasks[0].docker.image"]).toMatchObject({ line: 7 });
    expect(byPath["tasks[0]"]?.message).toContain('unknown property "colour"');
  });

  it("requires id, namespace and at least one task", () => {
    const p = problems("description: nothing\n");
    expect(p.map((x) => x.path).sort()).toEqual(["id", "namespace", "tasks"]);
    expect(problems("id: x\nnamespace: y\ntasks: []\n")[0].message).toContain("at least one task");
  });

  it("refuses a document that is not a map", () => {
    expect(problems("- just\n- a list\n")[0].message).toMatch(/expected a map of properties, got a list/);
    expect(problems("")[0]).toBeDefined();
  });

  it("refuses an oversized source before parsing it", () => {
    expect(problems("#".repeat(2_000_000))[0].message).toMatch(/larger than/);
  });

  it("refuses lists nested 5,000 deep with a plain message, never a crash", () => {
    const deep = problems(`id: x\nnamespace: y\ntasks: ${"[".repeat(5_000)}${"]".repeat(5_000)}\n`);
    expect(deep[0]).toMatchObject({
      message: "invalid YAML: lists or maps are nested too deeply (thousands of levels) to be read",
      line: 3,
    });
  });
});
