import { describe, expect, it } from "vitest";
import type { TaskRunView } from "./execution-types";
import { groupState, runRows, taskStatuses } from "./run-tree";

const LOG = "io.kestra.plugin.core.log.Log";
const FLOW = {
  tasks: [
    {
      id: "each",
      type: "io.kestra.plugin.core.flow.ForEach",
      values: ["a", "b", "c"],
      tasks: [{ id: "work", type: LOG }],
    },
    {
      id: "check",
      type: "io.kestra.plugin.core.flow.If",
      condition: "x",
      then: [{ id: "yes", type: LOG }],
      else: [{ id: "no", type: LOG }],
    },
    { id: "after", type: LOG },
  ],
  errors: [{ id: "alert", type: LOG }],
};

let n = 0;
const run = (taskId: string, state: string, extra: Partial<TaskRunView> = {}): TaskRunView => ({
  id: `r${++n}`,
  taskId,
  taskType: LOG,
  state,
  exitCode: null,
  error: null,
  startedAt: `2026-01-01T00:00:0${n % 10}.000Z`,
  endedAt: ["SUCCESS", "FAILED"].includes(state) ? `2026-01-01T00:00:0${(n % 10) + 1}.000Z` : null,
  attempt: 1,
  properties: null,
  outputs: null,
  parentTaskRunId: null,
  value: null,
  ...extra,
});

describe("runRows", () => {
  it("nests a running ForEach's values under it, each with its own state, and marks what is yet to run", () => {
    const each = run("each", "RUNNING");
    const runs = [
      each,
      run("work", "SUCCESS", { parentTaskRunId: each.id, value: "a" }),
      run("work", "RUNNING", { parentTaskRunId: each.id, value: "b" }),
    ];
    const rows = runRows(FLOW, runs, true);
    expect(rows.map((r) => [r.depth, r.kind, r.label, r.state])).toEqual([
      [0, "run", "each", "RUNNING"],
      [1, "iteration", "a", "SUCCESS"],
      [2, "run", "work", "SUCCESS"],
      [1, "iteration", "b", "RUNNING"],
      [2, "run", "work", "RUNNING"],
      [0, "not-run", "check", "CREATED"],
      [0, "not-run", "after", "CREATED"],
      [0, "not-run", "alert", "CREATED"],
    ]);
    const statuses = taskStatuses(rows, () => undefined);
    expect(statuses.each).toEqual({
      state: "RUNNING",
      iterations: [
        { value: "a", state: "SUCCESS" },
        { value: "b", state: "RUNNING" },
      ],
    });
    expect(statuses.work).toEqual({
      state: "RUNNING",
      iterations: [
        { value: "a", state: "SUCCESS" },
        { value: "b", state: "RUNNING" },
      ],
    });
  });

  it("shows the If branch that ran and the other as NOT RUN once it ended", () => {
    const check = run("check", "SUCCESS");
    const rows = runRows(
      FLOW,
      [run("each", "SUCCESS"), check, run("yes", "SUCCESS", { parentTaskRunId: check.id }), run("after", "SUCCESS")],
      false,
    );
    const byLabel = Object.fromEntries(rows.map((r) => [r.label, r]));
    expect(byLabel.yes).toMatchObject({ depth: 1, kind: "run", state: "SUCCESS" });
    expect(byLabel.no).toMatchObject({ depth: 1, kind: "not-run", state: "NOT RUN" });
    expect(byLabel.alert).toMatchObject({ depth: 0, state: "NOT RUN" });
    // an ended loop without child runs shows its children not run
    expect(byLabel.work).toMatchObject({ depth: 1, state: "NOT RUN" });
  });

  it("calls an iteration running while its tasks have not all started, even if those that ran succeeded", () => {
    const flow = {
      tasks: [
        {
          id: "each",
          type: "io.kestra.plugin.core.flow.ForEach",
          values: ["a"],
          tasks: [
            { id: "one", type: LOG },
            { id: "two", type: LOG },
          ],
        },
      ],
    };
    const each = run("each", "RUNNING");
    const rows = runRows(flow, [each, run("one", "SUCCESS", { parentTaskRunId: each.id, value: "a" })], true);
    expect(rows.find((r) => r.kind === "iteration")?.state).toBe("RUNNING");
    expect(rows.find((r) => r.label === "two")).toMatchObject({
      depth: 2,
      kind: "not-run",
      state: "CREATED",
      value: "a",
    });
  });
});

describe("groupState", () => {
  it("is a going state while any runs, else the worst end", () => {
    expect(groupState(["SUCCESS", "RUNNING"])).toBe("RUNNING");
    expect(groupState(["SUCCESS", "FAILED", "WARNING"])).toBe("FAILED");
    expect(groupState(["SUCCESS", "WARNING"])).toBe("WARNING");
    expect(groupState([])).toBe("NOT RUN");
  });
});
