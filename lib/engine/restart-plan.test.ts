import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import type { TTask } from "../flow/flow-schema";
import { handlerTaskIds, planReplay, planRestart } from "./restart-plan";
import { taskLayout } from "./replay-successors";

const run = (
  id: string,
  taskId: string,
  parent: string | null,
  state: string,
  position: number,
  value: string | null = null,
) => ({ id, taskId, parentTaskRunId: parent, state, position, value });

describe("restart", () => {
  const flow = parse(`tasks:
  - id: a
    type: t
  - id: seq
    type: io.kestra.plugin.core.flow.Sequential
    tasks: [{id: b, type: t}, {id: c, type: t}]
    errors: [{id: inner-handler, type: t}]
errors: [{id: handler, type: t}]
finally: [{id: last, type: t}]`) as { tasks: TTask[]; errors: TTask[]; finally: TTask[] };

  it("runs the failed task again, lets its ancestors go on, drops handler runs, keeps what succeeded", () => {
    const runs = [
      run("1", "a", null, "SUCCESS", 0),
      run("2", "seq", null, "FAILED", 1),
      run("3", "b", "2", "FAILED", 2),
      run("4", "inner-handler", "2", "SUCCESS", 3),
      run("5", "handler", null, "SUCCESS", 4),
      run("6", "last", null, "SUCCESS", 5),
    ];
    expect(handlerTaskIds(flow)).toEqual(new Set(["handler", "last", "inner-handler"]));
    expect(planRestart(runs, handlerTaskIds(flow))).toEqual({ again: ["3"], resume: ["2"], remove: ["4", "5", "6"] });
  });

  it("has nothing to do when nothing failed", () => {
    expect(planRestart([run("1", "a", null, "SUCCESS", 0)], new Set())).toBeNull();
  });
});

describe("replay", () => {
  const layoutOf = (yaml: string) => taskLayout(parse(yaml) as Record<string, unknown>);

  it("runs the chosen task again and drops what follows it in order", () => {
    const layout = layoutOf(`tasks:
  - {id: a, type: t}
  - id: seq
    type: io.kestra.plugin.core.flow.Sequential
    tasks: [{id: b, type: t}, {id: c, type: t}]
  - {id: d, type: t}`);
    const runs = [
      run("1", "a", null, "SUCCESS", 0),
      run("2", "seq", null, "SUCCESS", 1),
      run("3", "b", "2", "SUCCESS", 2),
      run("4", "c", "2", "SUCCESS", 3),
      run("5", "d", null, "SUCCESS", 4),
    ];
    expect(planReplay(runs, new Set(), "3", layout)).toEqual({ again: ["3"], resume: ["2"], remove: ["4", "5"] });
    // A flowable goes on and makes its children anew.
    expect(planReplay(runs, new Set(), "2", layout)).toEqual({ again: [], resume: ["2"], remove: ["3", "4", "5"] });
  });

  it("keeps other Parallel branches, even those that ended later", () => {
    const layout = layoutOf(`tasks:
  - id: par
    type: io.kestra.plugin.core.flow.Parallel
    tasks: [{id: x, type: t}, {id: y, type: t}]
  - {id: end, type: t}`);
    const runs = [
      run("1", "par", null, "SUCCESS", 0),
      run("2", "x", "1", "SUCCESS", 1),
      run("3", "y", "1", "SUCCESS", 2),
      run("4", "end", null, "SUCCESS", 3),
    ];
    expect(planReplay(runs, new Set(), "2", layout)).toEqual({ again: ["2"], resume: ["1"], remove: ["4"] });
  });

  it("in a loop run one value at a time drops later iterations; in one run side by side keeps the other values", () => {
    const flow = (limit: number) => `tasks:
  - id: each
    type: io.kestra.plugin.core.flow.ForEach
    values: [v1, v2]
    concurrencyLimit: ${limit}
    tasks: [{id: first, type: t}, {id: second, type: t}]`;
    const runs = [
      run("1", "each", null, "SUCCESS", 0),
      run("2", "first", "1", "SUCCESS", 1, "v1"),
      run("3", "second", "1", "SUCCESS", 2, "v1"),
      run("4", "first", "1", "SUCCESS", 3, "v2"),
      run("5", "second", "1", "SUCCESS", 4, "v2"),
    ];
    // Kestra keeps runs of the tasks before the replayed one, whichever iteration they are in.
    expect(planReplay(runs, new Set(), "3", layoutOf(flow(1)))?.remove).toEqual(["5"]);
    expect(planReplay(runs, new Set(), "2", layoutOf(flow(1)))?.remove).toEqual(["3", "4", "5"]);
    expect(planReplay(runs, new Set(), "2", layoutOf(flow(0)))?.remove).toEqual(["3"]);
  });
});
