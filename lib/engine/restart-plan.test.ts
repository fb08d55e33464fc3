import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import type { TTask } from "../flow/flow-schema";
import { handlerTaskIds, planReplay, planRestart } from "./restart-plan";

const run = (id: string, taskId: string, parent: string | null, state: string, position: number) => ({
  id,
  taskId,
  parentTaskRunId: parent,
  state,
  position,
});

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
  it("runs the chosen task again and drops everything made after it", () => {
    const runs = [
      run("1", "a", null, "SUCCESS", 0),
      run("2", "seq", null, "SUCCESS", 1),
      run("3", "b", "2", "SUCCESS", 2),
      run("4", "c", "2", "SUCCESS", 3),
      run("5", "d", null, "SUCCESS", 4),
    ];
    expect(planReplay(runs, new Set(), "3")).toEqual({ again: ["3"], resume: ["2"], remove: ["4", "5"] });
    expect(planReplay(runs, new Set(), "2")).toEqual({ again: ["2"], resume: [], remove: ["3", "4", "5"] });
  });
});
