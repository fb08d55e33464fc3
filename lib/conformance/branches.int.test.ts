import { describe, expect, it } from "vitest";
import { State } from "../states/states";
import { outputsOf, runOf, runsOf, TESTS, useKestra } from "./kestra-harness";

// Kestra's SwitchTest and IfTest on their flows of core/src/test/resources/flows/valids.
const k = useKestra();

describe("Switch (SwitchTest)", () => {
  it("switch.yaml: FIRST runs t1, SECOND t2 then t2_sub, THIRD t3, failed, error-t1, anything else the defaults; outputs value and defaults", async () => {
    await k.load("switch.yaml");
    const [first, second, third, other] = await Promise.all(
      ["FIRST", "SECOND", "THIRD", "DEFAULT"].map((string) => k.run(TESTS, "switch", { inputs: { string } })),
    );
    const ids = (e: typeof first) => e.taskRuns.map((r) => r.taskId);
    expect(ids(first)[1]).toBe("t1");
    expect(outputsOf(runOf(first, "parent-seq"))).toMatchObject({ value: "FIRST", defaults: false });
    expect(ids(second).slice(1, 3)).toEqual(["t2", "t2_sub"]);
    expect(outputsOf(runOf(second, "parent-seq"))).toMatchObject({ value: "SECOND", defaults: false });
    expect(ids(third).slice(1, 4)).toEqual(["t3", "failed", "error-t1"]);
    expect(outputsOf(runOf(third, "parent-seq"))).toMatchObject({ value: "THIRD", defaults: false });
    expect(ids(other)[1]).toBe("default");
    expect(outputsOf(runOf(other, "parent-seq"))).toMatchObject({ value: "DEFAULT", defaults: true });
  });

  it("switch-impossible.yaml: a value no case matches, without defaults, ends FAILED", async () => {
    await k.load("switch-impossible.yaml");
    const e = await k.run(TESTS, "switch-impossible", { inputs: { string: "impossible" } });
    expect(e.state).toBe(State.FAILED);
  });
});

describe("If (IfTest)", () => {
  it("if.yaml with if1=true, if2=false, if3=true (multipleIf): 12 task runs, SUCCESS", async () => {
    await k.load("if.yaml");
    const e = await k.run(TESTS, "if", { inputs: { if1: true, if2: false, if3: true } });
    expect([e.taskRuns.length, e.state]).toEqual([12, State.SUCCESS]);
  });

  it("if-condition.yaml (ifTruthy, ifFalsy): true, 'true' and 1 run then; false, 'false', 0 and -0 run else; 2 task runs, SUCCESS", async () => {
    await k.load("if-condition.yaml");
    // IfTest gives these as a plain map (not read as the STRING input), typed as written.
    const cases: [unknown, string][] = [
      [true, "when-true"],
      ["true", "when-true"],
      [1, "when-true"],
      [false, "when-false"],
      ["false", "when-false"],
      [0, "when-false"],
      [-0, "when-false"],
    ];
    const runs = await Promise.all(cases.map(([param]) => k.runUnchecked(TESTS, "if-condition", { param })));
    runs.forEach((e, i) => {
      const [param, branch] = cases[i];
      expect([e.taskRuns.length, e.state], `param ${JSON.stringify(param)}`).toEqual([2, State.SUCCESS]);
      expect(runOf(e, branch).state, `param ${JSON.stringify(param)}`).toBe(State.SUCCESS);
    });
  });

  it("if-without-else.yaml: true runs when-true (2 task runs); false runs nothing more (1 task run); SUCCESS", async () => {
    await k.load("if-without-else.yaml");
    const [yes, no] = await Promise.all(
      [true, false].map((param) => k.runUnchecked(TESTS, "if-without-else", { param })),
    );
    expect([yes.taskRuns.length, runOf(yes, "when-true").state, yes.state]).toEqual([2, State.SUCCESS, State.SUCCESS]);
    expect([no.taskRuns.length, runsOf(no, "when-true").length, no.state]).toEqual([1, 0, State.SUCCESS]);
  });

  it("if-in-flowable.yaml: 8 task runs, after_if SUCCESS, SUCCESS", async () => {
    await k.load("if-in-flowable.yaml");
    const e = await k.runUnchecked(TESTS, "if-in-flowable", { param: true });
    expect(e.taskRuns).toHaveLength(8);
    expect(runOf(e, "after_if").state).toBe(State.SUCCESS);
    expect(e.state).toBe(State.SUCCESS);
  });
});
