import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { cutFlow } from "./cut-flow";

const FLOW = `id: cut
namespace: it.playground
# the flow's own comment stays
inputs:
  - id: n
    type: INT
    defaults: 2
tasks:
  - id: first
    type: io.kestra.plugin.core.debug.Return
    format: "{{ inputs.n }}"
  - id: second
    type: io.kestra.plugin.core.flow.Sequential
    tasks:
      - id: inner
        type: io.kestra.plugin.core.log.Log
        message: hi
  - id: third
    type: io.kestra.plugin.core.log.Log
    message: bye
errors:
  - id: on_error
    type: io.kestra.plugin.core.log.Log
    message: failed
finally:
  - id: always
    type: io.kestra.plugin.core.log.Log
    message: done
outputs:
  - id: out
    type: STRING
    value: "{{ outputs.third }}"
triggers:
  - id: hourly
    type: io.kestra.plugin.core.trigger.Schedule
    cron: "0 * * * *"
concurrency:
  limit: 1
`;

describe("cutFlow", () => {
  it("keeps the top-level tasks up to the one asked for, its children, errors and inputs; drops what follows the flow", () => {
    const cut = cutFlow(FLOW, "second");
    expect(cut.taskIds).toEqual(["first", "second"]);
    const flow = parse(cut.source);
    expect(flow.tasks.map((t: { id: string }) => t.id)).toEqual(["first", "second"]);
    expect(flow.tasks[1].tasks[0].id).toBe("inner");
    expect(flow.errors[0].id).toBe("on_error");
    expect(flow.inputs[0].id).toBe("n");
    for (const key of ["finally", "outputs", "triggers", "concurrency"]) expect(flow).not.toHaveProperty(key);
    expect(cut.source).toContain("# the flow's own comment stays");
  });

  it("the first task alone", () => {
    expect(parse(cutFlow(FLOW, "first").source).tasks).toHaveLength(1);
  });

  it("refuses a nested task or an unknown one, naming the top-level tasks", () => {
    expect(() => cutFlow(FLOW, "inner")).toThrow(/not one of the flow's top-level tasks \(first, second, third\)/);
    expect(() => cutFlow(FLOW, "nope")).toThrow(/top-level/);
  });

  it("refuses YAML that does not parse and a flow without tasks", () => {
    expect(() => cutFlow("id: [", "a")).toThrow(/not valid YAML/);
    expect(() => cutFlow("id: x\nnamespace: y\n", "a")).toThrow(/no list of tasks/);
  });
});
