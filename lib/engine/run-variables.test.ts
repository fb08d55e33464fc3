import { describe, expect, it } from "vitest";
import { mergeDeep, outputsVariable, parentsVariable, type RunRecord, tasksVariable } from "./run-variables";

const run = (
  id: string,
  taskId: string,
  parent: string | null,
  value: string | null,
  outputs: Record<string, unknown> | null,
): RunRecord => ({ id, taskId, parentTaskRunId: parent, value, outputs });

describe("outputs, as Kestra addresses them", () => {
  it("puts a top-level task's outputs under its id", () => {
    expect(outputsVariable([run("1", "r", null, null, { value: 42 })])).toEqual({ r: { value: 42 } });
  });

  it("puts a task in a ForEach under its value: outputs.r['a'].value", () => {
    const runs = [
      run("fe", "fe", null, null, {}),
      run("1", "r", "fe", "a", { value: "A" }),
      run("2", "r", "fe", "b", { value: "B" }),
    ];
    expect(outputsVariable(runs)).toMatchObject({ r: { a: { value: "A" }, b: { value: "B" } } });
  });

  it("nests values of nested ForEach loops, outer first: outputs.r['a']['x'].value", () => {
    const runs = [
      run("fe1", "fe1", null, null, null),
      run("fe2", "fe2", "fe1", "a", null),
      run("1", "r", "fe2", "x", { value: "ax" }),
    ];
    expect(outputsVariable(runs)).toEqual({ r: { a: { x: { value: "ax" } } } });
  });

  it("a task in an If in a ForEach takes the If's value: outputs.t['a'].value", () => {
    const runs = [
      run("fe", "fe", null, null, null),
      run("i", "i", "fe", "a", { evaluationResult: true }),
      run("1", "t", "i", null, { value: 1 }),
    ];
    expect(outputsVariable(runs)).toMatchObject({ t: { a: { value: 1 } }, i: { a: { evaluationResult: true } } });
  });

  it("merges maps deeply and concatenates lists", () => {
    expect(mergeDeep({ a: { x: 1, l: [1] } }, { a: { y: 2, l: [2] } })).toEqual({ a: { x: 1, y: 2, l: [1, 2] } });
  });
});

describe("parents", () => {
  it("lists every ancestor closest first, with the ForEach value where it has one", () => {
    const runs = [
      run("fe", "fe", null, null, null),
      run("seq", "seq", "fe", "v1", null),
      run("i", "i", "seq", null, { evaluationResult: true }),
      run("t", "t", "i", null, null),
    ];
    const parents = parentsVariable(runs[3], new Map(runs.map((r) => [r.id, r])));
    // Today's Kestra: {task: {id}} and the value where there is one; no type, no outputs.
    expect(parents).toEqual([
      { task: { id: "i" } },
      { task: { id: "seq" }, taskrun: { value: "v1" } },
      { task: { id: "fe" } },
    ]);
  });
});

describe("tasks", () => {
  it("gives each task's state, per value inside a ForEach (Kestra's computeTasksMap)", () => {
    const runs = [
      { taskId: "fe", value: null, state: "RUNNING" },
      { taskId: "inner", value: "a", state: "SUCCESS" },
      { taskId: "inner", value: "b", state: "FAILED" },
      { taskId: "last", value: null, state: "CREATED" },
    ];
    expect(tasksVariable(runs)).toEqual({
      fe: { state: "RUNNING" },
      inner: { a: { state: "SUCCESS" }, b: { state: "FAILED" } },
      last: { state: "CREATED" },
    });
  });
});
