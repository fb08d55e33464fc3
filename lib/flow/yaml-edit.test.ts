import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { addTask, deleteTask, moveTask, setTaskProperty, taskSpans } from "./yaml-edit";

// A flow written by a person: comments everywhere, odd spacing, a block script, keys in their order.
const FLOW = `# Nightly report   (keep this comment)
id: report
namespace:    company.data

labels: {team: data}

# the tasks, in order
tasks:
  # pulls the rows
  - id: extract
    type: io.kestra.plugin.scripts.python.Script
    script: |
      rows = 0

      for i in range(3):   # spaced
          rows += i
      print(rows)
  - id: say   # inline note
    type: io.kestra.plugin.core.log.Log
    message:     "done"

  - id: last
    type: io.kestra.plugin.scripts.shell.Commands
    commands: ["echo a",   "echo b"]

triggers: []   # none yet
`;

/** The text outside task `index`'s span must be byte-identical after an edit of that task. */
function outside(source: string, index: number) {
  const span = taskSpans(source)[index];
  return [source.slice(0, span.start), source.slice(span.end)];
}

describe("taskSpans", () => {
  it("finds each task's lines and ids", () => {
    const spans = taskSpans(FLOW);
    expect(spans.map((s) => s.id)).toEqual(["extract", "say", "last"]);
    expect(spans.map((s) => [s.startLine, s.endLine])).toEqual([
      [10, 17],
      [18, 20],
      [22, 24],
    ]);
  });
});

describe("setTaskProperty", () => {
  it("adds a nested docker.image to one task and leaves every other byte alone", () => {
    const out = setTaskProperty(FLOW, 0, ["docker", "image"], "osprey/python:latest");
    const [before, after] = outside(FLOW, 0);
    expect(out.startsWith(before)).toBe(true);
    expect(out.endsWith(after)).toBe(true);
    const task = parse(out).tasks[0];
    expect(task.docker).toEqual({ image: "osprey/python:latest" });
    // the block script is kept exactly, blank line included
    expect(task.script).toBe("rows = 0\n\nfor i in range(3):   # spaced\n    rows += i\nprint(rows)\n");
    expect(out).toContain("    docker:\n      image: osprey/python:latest\n");
  });

  it("changes a value in place and removes one, pruning an emptied parent", () => {
    const set = setTaskProperty(FLOW, 1, ["message"], "all done");
    expect(parse(set).tasks[1].message).toBe("all done");
    expect(set).toContain("# inline note");
    const withDocker = setTaskProperty(FLOW, 2, ["docker", "image"], "osprey/shell:latest");
    const removed = setTaskProperty(withDocker, 2, ["docker", "image"], undefined);
    expect(parse(removed).tasks[2]).not.toHaveProperty("docker");
    expect(removed.startsWith(outside(FLOW, 2)[0])).toBe(true);
  });

  it("keeps key order within the edited task", () => {
    const out = setTaskProperty(FLOW, 2, ["description"], "greets");
    expect(Object.keys(parse(out).tasks[2])).toEqual(["id", "type", "commands", "description"]);
  });
});

describe("addTask / deleteTask / moveTask", () => {
  it("appends a task after the last one, at the list's indentation, keeping what follows", () => {
    const out = addTask(FLOW, {
      id: "new_one",
      type: "io.kestra.plugin.scripts.python.Script",
      docker: { image: "osprey/python:latest" },
    });
    expect(parse(out).tasks.map((t: { id: string }) => t.id)).toEqual(["extract", "say", "last", "new_one"]);
    expect(out.startsWith(FLOW.slice(0, taskSpans(FLOW)[2].end))).toBe(true);
    expect(out).toContain(
      "  - id: new_one\n    type: io.kestra.plugin.scripts.python.Script\n    docker:\n      image: osprey/python:latest\n",
    );
    expect(out.endsWith("\ntriggers: []   # none yet\n")).toBe(true);
  });

  it("deletes a task with its own leading comment and nothing else", () => {
    const out = deleteTask(FLOW, 0);
    expect(parse(out).tasks.map((t: { id: string }) => t.id)).toEqual(["say", "last"]);
    expect(out).not.toContain("pulls the rows");
    expect(out).toContain("# the tasks, in order\ntasks:\n  - id: say   # inline note\n");
  });

  it("moves a task down and back up to the very same text", () => {
    const down = moveTask(FLOW, 0, 1);
    expect(parse(down).tasks.map((t: { id: string }) => t.id)).toEqual(["say", "extract", "last"]);
    expect(down).toContain("  # pulls the rows\n  - id: extract");
    expect(moveTask(down, 1, -1)).toBe(FLOW);
  });

  it("writes into flow-style or missing lists through the Document API, comments kept", () => {
    const flowStyle = "# keep me\nid: f\nnamespace: n\ntasks: []\n";
    const out = addTask(flowStyle, { id: "a", type: "io.kestra.plugin.core.log.Log", message: "hi" });
    expect(out).toContain("# keep me");
    expect(parse(out).tasks).toEqual([{ id: "a", type: "io.kestra.plugin.core.log.Log", message: "hi" }]);
    const missing = addTask("id: f\nnamespace: n\n", { id: "a", type: "t" });
    expect(parse(missing).tasks).toEqual([{ id: "a", type: "t" }]);
  });

  it("refuses to edit a task that is not there", () => {
    expect(() => deleteTask(FLOW, 7)).toThrow(/no task 8/);
    expect(() => moveTask(FLOW, 2, 1)).toThrow(/no task 4/);
  });
});
