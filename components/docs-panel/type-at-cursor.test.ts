import { describe, expect, it } from "vitest";
import { typesAtOffset } from "./type-at-cursor";

const FLOW = `id: f
namespace: n
inputs:
  - id: name
    type: STRING
tasks:
  - id: py
    type: io.kestra.plugin.scripts.python.Script
    taskRunner:
      type: io.kestra.plugin.scripts.runner.docker.Docker
    script: print(1)
  - id: each
    type: io.kestra.plugin.core.flow.ForEach
    values: [1, 2]
    tasks:
      - id: log
        type: io.kestra.plugin.core.log.Log
        message: hi
triggers:
  - id: after
    type: io.kestra.plugin.core.trigger.Flow
    conditions:
      - type: io.kestra.plugin.core.condition.ExecutionStatus
        in: [FAILED]
`;

/** The offset of `column` (0-based) on the line holding `text`. */
const at = (text: string, column = 0) => FLOW.indexOf(text) + column;
const first = (offset: number) => typesAtOffset(FLOW, offset)[0];

describe("typesAtOffset", () => {
  it("names the task whose lines hold the cursor, on any of its lines", () => {
    expect(first(at("script: print"))).toEqual({ type: "io.kestra.plugin.scripts.python.Script", kind: "task" });
    expect(first(at("- id: py", 2))).toEqual({ type: "io.kestra.plugin.scripts.python.Script", kind: "task" });
    expect(first(at("values: [1"))?.type).toBe("io.kestra.plugin.core.flow.ForEach");
  });

  it("names the innermost task first, then the tasks around it", () => {
    expect(typesAtOffset(FLOW, at("message: hi")).map((t) => t.type)).toEqual([
      "io.kestra.plugin.core.log.Log",
      "io.kestra.plugin.core.flow.ForEach",
    ]);
  });

  it("lists a task runner's type before its task's, and skips input types", () => {
    expect(typesAtOffset(FLOW, at("type: io.kestra.plugin.scripts.runner")).map((t) => t.type)).toEqual([
      "io.kestra.plugin.scripts.runner.docker.Docker",
      "io.kestra.plugin.scripts.python.Script",
    ]);
    expect(typesAtOffset(FLOW, at("type: STRING"))).toEqual([]);
  });

  it("tells triggers and their conditions from tasks", () => {
    expect(first(at("id: after"))).toEqual({ type: "io.kestra.plugin.core.trigger.Flow", kind: "trigger" });
    expect(first(at("in: [FAILED]"))).toEqual({
      type: "io.kestra.plugin.core.condition.ExecutionStatus",
      kind: "condition",
    });
  });

  it("gives a line to the task that starts on it, and reads the end of the document", () => {
    expect(first(at("  - id: each"))?.type).toBe("io.kestra.plugin.core.flow.ForEach");
    expect(first(FLOW.length)?.kind).toBe("condition");
    expect(typesAtOffset(FLOW, 0)).toEqual([]);
  });

  it("reads a half-typed document", () => {
    const typing = `tasks:\n  - id: a\n    type: io.kestra.plugin.core.log.Log\n    message: [unclosed\n`;
    expect(typesAtOffset(typing, typing.indexOf("message"))[0]?.type).toBe("io.kestra.plugin.core.log.Log");
  });
});
