import { describe, expect, it } from "vitest";
import { runFilterLabel, withDescendants } from "./run-filter";

const RUNS = [
  { id: "each1", taskId: "each" },
  { id: "workA", taskId: "work", parentTaskRunId: "each1", value: "a" },
  { id: "stepsA", taskId: "steps", parentTaskRunId: "each1", value: "a" },
  { id: "innerA", taskId: "inner", parentTaskRunId: "stepsA" },
  { id: "workB", taskId: "work", parentTaskRunId: "each1", value: "b" },
];

describe("filter by task run", () => {
  it("takes the runs inside the chosen ones too, and nothing beside them", () => {
    expect([...withDescendants(RUNS, ["stepsA"])].sort()).toEqual(["innerA", "stepsA"]);
    expect([...withDescendants(RUNS, ["workB"])]).toEqual(["workB"]);
    expect(withDescendants(RUNS, ["each1"]).size).toBe(5);
    // An id the page does not know yet (a run that just started) is kept as is.
    expect([...withDescendants(RUNS, ["later"])]).toEqual(["later"]);
  });

  it("names one run by its task and value, an iteration by its loop and value", () => {
    expect(runFilterLabel(RUNS, ["workB"])).toBe("work [b]");
    expect(runFilterLabel(RUNS, ["innerA"])).toBe("inner");
    expect(runFilterLabel(RUNS, ["workA", "stepsA"])).toBe("each [a]");
    expect(runFilterLabel(RUNS, ["workA", "workB"])).toBe("2 task runs");
    expect(runFilterLabel(RUNS, ["0123456789abcdef"])).toBe("task run 01234567");
  });
});
