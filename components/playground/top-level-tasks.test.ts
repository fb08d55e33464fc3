import { describe, expect, it } from "vitest";
import { playgroundFlow } from "./top-level-tasks";

describe("playgroundFlow", () => {
  it("names the flow and lists its top-level tasks in order, not the nested ones", () => {
    const source = `id: f\nnamespace: a.b\ntasks:\n  - id: one\n    type: io.kestra.plugin.core.log.Log\n  - id: group\n    type: io.kestra.plugin.core.flow.Sequential\n    tasks:\n      - id: inner\n        type: io.kestra.plugin.core.log.Log\n  - type: no.id.Yet\n`;
    expect(playgroundFlow(source)).toEqual({
      namespace: "a.b",
      id: "f",
      tasks: [
        { id: "one", type: "io.kestra.plugin.core.log.Log" },
        { id: "group", type: "io.kestra.plugin.core.flow.Sequential" },
      ],
    });
  });

  it("is null while the YAML does not parse or names no namespace and id", () => {
    expect(playgroundFlow("id: [")).toBeNull();
    expect(playgroundFlow("id: f\ntasks: []\n")).toBeNull();
    expect(playgroundFlow("- a\n- b\n")).toBeNull();
  });

  it("a flow without tasks yet has none to offer", () => {
    expect(playgroundFlow("id: f\nnamespace: n\n")?.tasks).toEqual([]);
  });
});
