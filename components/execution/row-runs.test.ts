import { describe, expect, it } from "vitest";
import type { TaskRunView } from "./execution-types";
import { isRowFiltered, rowRunIds } from "./row-runs";
import { runRows } from "./run-tree";

const LOG = "io.kestra.plugin.core.log.Log";
const FLOW = {
  tasks: [
    {
      id: "each",
      type: "io.kestra.plugin.core.flow.ForEach",
      values: ["a", "b"],
      tasks: [
        { id: "work", type: LOG },
        { id: "steps", type: "io.kestra.plugin.core.flow.Sequential", tasks: [{ id: "inner", type: LOG }] },
      ],
    },
    { id: "after", type: LOG },
  ],
};

const run = (id: string, taskId: string, extra: Partial<TaskRunView> = {}): TaskRunView => ({
  id,
  taskId,
  taskType: LOG,
  state: "SUCCESS",
  exitCode: null,
  error: null,
  startedAt: "2026-01-01T00:00:00.000Z",
  endedAt: "2026-01-01T00:00:01.000Z",
  attempt: 1,
  properties: null,
  outputs: null,
  parentTaskRunId: null,
  value: null,
  ...extra,
});

const RUNS = [
  run("each1", "each"),
  run("workA", "work", { parentTaskRunId: "each1", value: "a" }),
  run("stepsA", "steps", { parentTaskRunId: "each1", value: "a" }),
  run("innerA", "inner", { parentTaskRunId: "stepsA" }),
  run("workB", "work", { parentTaskRunId: "each1", value: "b" }),
  run("stepsB", "steps", { parentTaskRunId: "each1", value: "b" }),
  run("innerB", "inner", { parentTaskRunId: "stepsB" }),
  run("after1", "after"),
];

describe("rowRunIds", () => {
  const rows = runRows(FLOW, RUNS, false);
  const at = (kind: string, label: string) => rows.findIndex((r) => r.kind === kind && r.label === label);

  it("gives a run row its own id, an iteration row the runs under it and no further", () => {
    expect(rowRunIds(rows, at("run", "after"))).toEqual(["after1"]);
    expect(rowRunIds(rows, at("iteration", "a"))).toEqual(["workA", "stepsA", "innerA"]);
    expect(rowRunIds(rows, at("iteration", "b"))).toEqual(["workB", "stepsB", "innerB"]);
  });

  it("tells the row the log is filtered to", () => {
    const iterationA = rowRunIds(rows, at("iteration", "a"));
    expect(isRowFiltered(iterationA, ["innerA", "workA", "stepsA"])).toBe(true);
    expect(isRowFiltered(iterationA, ["workA"])).toBe(false);
    expect(isRowFiltered([], [])).toBe(false);
  });
});
