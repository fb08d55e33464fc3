import { describe, expect, it } from "vitest";
import { addTargets, END_OF_FLOW } from "./add-targets";

const FLOW = "io.kestra.plugin.core.flow";

describe("addTargets", () => {
  it("offers the inside of the selected flowable first, then the end of the flow", () => {
    const each = { id: "each", type: `${FLOW}.ForEach`, path: ["tasks", 1], value: { tasks: [{ id: "a" }] } };
    expect(addTargets(each)).toEqual([{ label: "each › tasks", listPath: ["tasks", 1, "tasks"] }, END_OF_FLOW]);
  });

  it("offers an If's then and else, a Switch's cases and defaults, a Dag's entries", () => {
    const check = { id: "check", type: `${FLOW}.If`, path: ["tasks", 0, "then", 0], value: { then: [] } };
    expect(addTargets(check).map((t) => t.listPath)).toEqual([
      ["tasks", 0, "then", 0, "then"],
      ["tasks", 0, "then", 0, "else"],
      ["tasks"],
    ]);
    const pick = {
      id: "pick",
      type: "io.kestra.core.tasks.flows.Switch",
      path: ["errors", 0],
      value: { cases: { a: [], b: [] } },
    };
    expect(addTargets(pick).map((t) => t.label)).toEqual([
      "pick › case a",
      "pick › case b",
      "pick › defaults",
      END_OF_FLOW.label,
    ]);
    expect(addTargets(pick)[1].listPath).toEqual(["errors", 0, "cases", "b"]);
    const dag = { id: "dag", type: `${FLOW}.Dag`, path: ["tasks", 2], value: { tasks: [] } };
    expect(addTargets(dag)[0]).toEqual({ label: "dag › tasks", listPath: ["tasks", 2, "tasks"], dagEntry: true });
  });

  it("offers only the end of the flow for a plain task or no selection", () => {
    expect(
      addTargets({ id: "log", type: "io.kestra.plugin.core.log.Log", path: ["tasks", 0], value: { message: "hi" } }),
    ).toEqual([END_OF_FLOW]);
    expect(addTargets(undefined)).toEqual([END_OF_FLOW]);
  });
});
