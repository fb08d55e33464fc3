import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { addTask, deleteTask, moveTask, setTaskProperty, taskSpans } from "./yaml-edit";

// Flowables written by a person: comments inside the children, a Dag with dependsOn after its task.
const FLOW = `id: nested
namespace: company.team

tasks:
  - id: check
    type: io.kestra.plugin.core.flow.If
    condition: "{{ inputs.go }}"   # keep
    then:
      # first branch task
      - id: yes
        type: io.kestra.plugin.core.log.Log
        message: yes
  - id: each
    type: io.kestra.plugin.core.flow.ForEach
    values: ["a", "b"]
    tasks:
      - id: one
        type: io.kestra.plugin.core.log.Log
        message: "{{ taskrun.value }}"

      # the second child
      - id: two
        type: io.kestra.plugin.scripts.shell.Commands
        commands:
          - echo two
  - id: pick
    type: io.kestra.plugin.core.flow.Switch
    value: "{{ inputs.kind }}"
    cases:
      a:
        - id: case_a
          type: io.kestra.plugin.core.log.Log
          message: a
  - id: graph
    type: io.kestra.plugin.core.flow.Dag
    tasks:
      - task:
          id: d1
          type: io.kestra.plugin.core.log.Log
          message: d1
      - task:
          id: d2
          type: io.kestra.plugin.core.log.Log
          message: d2
        dependsOn:
          - d1

errors:
  - id: alert   # on failure
    type: io.kestra.plugin.core.log.Log
    message: failed
`;

const LOG = { id: "added", type: "io.kestra.plugin.core.log.Log", message: "new" };
const span = (source: string, id: string) => taskSpans(source).find((s) => s.id === id)!;
const ids = (list: { id?: string; task?: { id: string } }[]) => list.map((t) => t.id ?? t.task?.id);

describe("taskSpans at any depth", () => {
  it("finds every task with its path and lines, parents before children", () => {
    const spans = taskSpans(FLOW);
    expect(spans.map((s) => s.id)).toEqual([
      "check",
      "yes",
      "each",
      "one",
      "two",
      "pick",
      "case_a",
      "graph",
      "d1",
      "d2",
      "alert",
    ]);
    expect(span(FLOW, "two").path).toEqual(["tasks", 1, "tasks", 1]);
    expect(span(FLOW, "case_a").path).toEqual(["tasks", 2, "cases", "a", 0]);
    expect(span(FLOW, "d2").path).toEqual(["tasks", 3, "tasks", 1, "task"]);
    expect(span(FLOW, "alert").path).toEqual(["errors", 0]);
    // a Dag entry's lines run from its `-` through its dependsOn
    const d2 = span(FLOW, "d2");
    expect(FLOW.split("\n").slice(d2.startLine - 1, d2.endLine)).toEqual([
      "      - task:",
      "          id: d2",
      "          type: io.kestra.plugin.core.log.Log",
      "          message: d2",
      "        dependsOn:",
      "          - d1",
    ]);
  });
});

describe("nested edits keep every byte outside what they change", () => {
  it("adds a task to a ForEach's tasks after its last child, at the children's indentation", () => {
    const out = addTask(FLOW, LOG, ["tasks", 1, "tasks"]);
    const at = span(FLOW, "two").blockEnd;
    expect(out.slice(0, at)).toBe(FLOW.slice(0, at));
    expect(out.slice(at)).toBe(
      `      - id: added\n        type: io.kestra.plugin.core.log.Log\n        message: new\n${FLOW.slice(at)}`,
    );
    expect(ids(parse(out).tasks[1].tasks)).toEqual(["one", "two", "added"]);
  });

  it("adds to an If's missing else: only the If's text changes, its comments kept", () => {
    const out = addTask(FLOW, LOG, ["tasks", 0, "else"]);
    const check = span(FLOW, "check");
    expect(out.slice(0, check.start)).toBe(FLOW.slice(0, check.start));
    expect(out.endsWith(FLOW.slice(check.end))).toBe(true);
    const doc = parse(out);
    expect(ids(doc.tasks[0].else)).toEqual(["added"]);
    expect(ids(doc.tasks[0].then)).toEqual(["yes"]);
    expect(out).toContain("# first branch task");
    expect(out).toContain("# keep");
  });

  it("adds to a Switch case and to a new case; wraps nothing itself (a Dag entry is the caller's)", () => {
    const inCase = parse(addTask(FLOW, LOG, ["tasks", 2, "cases", "a"]));
    expect(ids(inCase.tasks[2].cases.a)).toEqual(["case_a", "added"]);
    const newCase = parse(addTask(FLOW, LOG, ["tasks", 2, "cases", "b"]));
    expect(ids(newCase.tasks[2].cases.b)).toEqual(["added"]);
    const dag = addTask(FLOW, { task: LOG, dependsOn: ["d2"] }, ["tasks", 3, "tasks"]);
    expect(parse(dag).tasks[3].tasks[2]).toEqual({ task: LOG, dependsOn: ["d2"] });
    expect(dag).toContain("          - d1\n      - task:\n          id: added\n");
  });

  it("sets a property of a nested task, and of a Dag entry's task, touching only that task's text", () => {
    for (const id of ["one", "d1", "alert"]) {
      const s = span(FLOW, id);
      const out = setTaskProperty(FLOW, s.path, ["description"], "described");
      expect(out.slice(0, s.start)).toBe(FLOW.slice(0, s.start));
      expect(out.endsWith(FLOW.slice(s.end))).toBe(true);
      expect(span(out, id)).toBeDefined();
      expect(parse(out)).toMatchObject(parse(FLOW)); // nothing else changed
    }
    const out = setTaskProperty(FLOW, ["tasks", 3, "tasks", 0, "task"], ["message"], "changed");
    expect(parse(out).tasks[3].tasks[0]).toEqual({
      task: { id: "d1", type: "io.kestra.plugin.core.log.Log", message: "changed" },
    });
  });

  it("deletes a nested task with its comment; the last task of an optional list takes the list along", () => {
    const two = span(FLOW, "two");
    const out = deleteTask(FLOW, two.path);
    expect(out).toBe(FLOW.slice(0, two.blockStart) + FLOW.slice(two.blockEnd));
    expect(out).not.toContain("the second child");
    expect(ids(parse(out).tasks[1].tasks)).toEqual(["one"]);
    const noElse = deleteTask(addTask(FLOW, LOG, ["tasks", 0, "else"]), ["tasks", 0, "else", 0]);
    expect(parse(noElse).tasks[0]).not.toHaveProperty("else");
    const d1 = deleteTask(FLOW, ["tasks", 3, "tasks", 0, "task"]);
    expect(ids(parse(d1).tasks[3].tasks)).toEqual(["d2"]);
  });

  it("moves a nested task and a Dag entry (dependsOn travelling with it) there and back to the same text", () => {
    const down = moveTask(FLOW, ["tasks", 1, "tasks", 0], 1);
    expect(ids(parse(down).tasks[1].tasks)).toEqual(["two", "one"]);
    expect(down).toContain("      # the second child\n      - id: two");
    expect(moveTask(down, ["tasks", 1, "tasks", 1], -1)).toBe(FLOW);
    const dagUp = moveTask(FLOW, ["tasks", 3, "tasks", 1, "task"], -1);
    expect(parse(dagUp).tasks[3].tasks).toEqual([
      { task: { id: "d2", type: "io.kestra.plugin.core.log.Log", message: "d2" }, dependsOn: ["d1"] },
      { task: { id: "d1", type: "io.kestra.plugin.core.log.Log", message: "d1" } },
    ]);
    expect(moveTask(dagUp, ["tasks", 3, "tasks", 0, "task"], 1)).toBe(FLOW);
    expect(() => moveTask(FLOW, ["tasks", 0, "then", 0], 1)).toThrow(/no task tasks.0.then.1/);
  });
});
