import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import type { TTask } from "../flow/flow-schema";
import { decide, tasksById } from "./decide";
import { flowableOf, isPauseWithTasks } from "./flowables";
import type { RunView } from "./run-view";
import type { TState } from "../states/states";

/**
 * Drives decide() the way the executor does, with no Docker: leaf task runs end at once with the
 * state `outcome` gives them; flowables resolve with `resolve`. Returns the runs in creation order
 * (as "taskId" or "taskId[value]") and the execution's final state.
 */
function simulate(
  yaml: string,
  outcome: (taskId: string, value: string | null) => TState = () => "SUCCESS",
  resolve: (task: TTask) => Record<string, unknown> = () => ({}),
) {
  const flow = parse(yaml) as { tasks: TTask[]; errors?: TTask[]; finally?: TTask[]; afterExecution?: TTask[] };
  const tasks = tasksById(flow);
  const runs: RunView[] = [];
  const order: string[] = [];
  const batches: string[][] = [];
  for (let round = 0; round < 1000; round++) {
    const decisions = decide(flow, runs);
    const end = decisions.find((d) => d.kind === "end-execution");
    if (end) return { order, batches, state: end.state, runs };
    if (decisions.length === 0) throw new Error(`stuck: ${JSON.stringify(runs)}`);
    const created: RunView[] = [];
    for (const d of decisions) {
      if (d.kind === "create") {
        const run: RunView = {
          id: `r${runs.length}`,
          taskId: d.taskId,
          parentTaskRunId: d.parentTaskRunId,
          value: d.value,
          iteration: d.iteration ?? null,
          state: "CREATED",
          outputs: null,
        };
        runs.push(run);
        created.push(run);
        order.push(
          d.value !== null ? `${d.taskId}[${d.value}]` : d.iteration ? `${d.taskId}#${d.iteration}` : d.taskId,
        );
      } else if (d.kind === "resolve") {
        const run = runs.find((r) => r.id === d.taskRunId)!;
        run.outputs = resolve(tasks.get(run.taskId)!);
        // A Pause with tasks pauses as it is resolved.
        run.state = isPauseWithTasks(tasks.get(run.taskId)!) ? "PAUSED" : "RUNNING";
      } else if (d.kind === "await-resume") {
        // Resumed at once.
        runs.find((r) => r.id === d.taskRunId)!.state = "RUNNING";
      } else if (d.kind === "end-task-run") {
        runs.find((r) => r.id === d.taskRunId)!.state = d.state;
      } else if (d.kind === "check-loop") {
        // A WaitFor check: the condition holds after the third round.
        const run = runs.find((r) => r.id === d.taskRunId)!;
        const round = Number(run.outputs?.iteration ?? 1);
        run.outputs =
          round >= 3
            ? { ...run.outputs, iterationCount: round, done: true }
            : { ...run.outputs, iterationCount: round, iteration: round + 1 };
      }
    }
    if (created.length) batches.push(created.map((r) => r.taskId));
    // Leaves run to their end (a worker would), after the whole batch was created (so parallel ones overlap).
    for (const run of created) {
      const task = tasks.get(run.taskId)!;
      if (!flowableOf(task)) run.state = outcome(run.taskId, run.value);
    }
  }
  throw new Error("no end after 1000 rounds");
}

const log = (id: string) => `{id: ${id}, type: io.kestra.plugin.core.log.Log, message: m}`;

describe("decide: the flow's tasks, one after another", () => {
  it("runs each task once, in order, and ends SUCCESS", () => {
    const r = simulate(`tasks: [${log("a")}, ${log("b")}, ${log("c")}]`);
    expect(r.order).toEqual(["a", "b", "c"]);
    expect(r.state).toBe("SUCCESS");
  });

  it("stops at the first failure; a WARNING goes on and colours the end", () => {
    expect(
      simulate(`tasks: [${log("a")}, ${log("b")}, ${log("c")}]`, (id) => (id === "b" ? "FAILED" : "SUCCESS")),
    ).toMatchObject({ order: ["a", "b"], state: "FAILED" });
    expect(simulate(`tasks: [${log("a")}, ${log("b")}]`, (id) => (id === "a" ? "WARNING" : "SUCCESS"))).toMatchObject({
      order: ["a", "b"],
      state: "WARNING",
    });
  });

  it("skips disabled tasks", () => {
    expect(
      simulate(
        `tasks: [${log("a")}, {id: b, type: io.kestra.plugin.core.log.Log, message: m, disabled: true}, ${log("c")}]`,
      ).order,
    ).toEqual(["a", "c"]);
  });
});

describe("decide: errors and finally", () => {
  const flow = `tasks: [${log("a")}, ${log("b")}]\nerrors: [${log("e1")}, ${log("e2")}]\nfinally: [${log("f")}]`;

  it("runs errors after a failure, then finally; the execution stays FAILED", () => {
    expect(simulate(flow, (id) => (id === "a" ? "FAILED" : "SUCCESS"))).toMatchObject({
      order: ["a", "e1", "e2", "f"],
      state: "FAILED",
    });
  });

  it("runs only finally when all went well", () => {
    expect(simulate(flow)).toMatchObject({ order: ["a", "b", "f"], state: "SUCCESS" });
  });

  it("a failing error handler does not change the state: the main tasks' decides (Kestra's guessFinalState)", () => {
    expect(simulate(flow, (id) => (id === "a" || id === "e1" ? "FAILED" : "SUCCESS"))).toMatchObject({
      order: ["a", "e1", "f"],
      state: "FAILED",
    });
  });

  it("a WARNING does not run the error handlers", () => {
    expect(simulate(flow, (id) => (id === "a" ? "WARNING" : "SUCCESS"))).toMatchObject({
      order: ["a", "b", "f"],
      state: "WARNING",
    });
  });

  it("afterExecution runs once the state is known and does not change it", () => {
    const after = `tasks: [${log("a")}]\nerrors: [${log("e")}]\nafterExecution: [${log("notify")}, ${log("audit")}]`;
    expect(simulate(after, (id) => (id === "a" ? "FAILED" : "SUCCESS"))).toMatchObject({
      order: ["a", "e", "notify", "audit"],
      state: "FAILED",
    });
    // One after another as Kestra's resolveSequentialNexts: a failing one stops the rest, the state stays.
    expect(simulate(after, (id) => (id === "notify" ? "FAILED" : "SUCCESS"))).toMatchObject({
      order: ["a", "notify"],
      state: "SUCCESS",
    });
  });

  it("errors on a flowable handle its own failure", () => {
    const nested = `tasks:\n  - id: seq\n    type: io.kestra.plugin.core.flow.Sequential\n    tasks: [${log("a")}]\n    errors: [${log("handler")}]\n  - ${log("after")}`;
    expect(simulate(nested, (id) => (id === "a" ? "FAILED" : "SUCCESS"))).toMatchObject({
      order: ["seq", "a", "handler"],
      state: "FAILED",
    });
  });
});

describe("decide: flowables", () => {
  it("Parallel starts all its tasks at once, or `concurrent` at a time", () => {
    const all = simulate(
      `tasks:\n  - id: p\n    type: io.kestra.plugin.core.flow.Parallel\n    tasks: [${log("a")}, ${log("b")}, ${log("c")}]\n  - ${log("after")}`,
    );
    expect(all.batches).toEqual([["p"], ["a", "b", "c"], ["after"]]);
    const two = simulate(
      `tasks:\n  - id: p\n    type: io.kestra.plugin.core.flow.Parallel\n    concurrent: 2\n    tasks: [${log("a")}, ${log("b")}, ${log("c")}]`,
    );
    expect(two.batches).toEqual([["p"], ["a", "b"], ["c"]]);
  });

  it("If runs then or else by the resolved condition", () => {
    const flow = `tasks:\n  - id: check\n    type: io.kestra.plugin.core.flow.If\n    condition: "{{ inputs.x }}"\n    then: [${log("yes")}]\n    else: [${log("no")}]`;
    expect(simulate(flow, undefined, () => ({ evaluationResult: true })).order).toEqual(["check", "yes"]);
    expect(simulate(flow, undefined, () => ({ evaluationResult: false })).order).toEqual(["check", "no"]);
  });

  it("Switch runs the matching case, else defaults", () => {
    const flow = `tasks:\n  - id: sw\n    type: io.kestra.plugin.core.flow.Switch\n    value: x\n    cases:\n      A: [${log("a")}]\n      B: [${log("b")}]\n    defaults: [${log("d")}]`;
    expect(simulate(flow, undefined, () => ({ value: "B" })).order).toEqual(["sw", "b"]);
    expect(simulate(flow, undefined, () => ({ value: "Z" })).order).toEqual(["sw", "d"]);
    const noDefaults = `tasks:\n  - id: sw\n    type: io.kestra.plugin.core.flow.Switch\n    value: x\n    cases:\n      A: [${log("a")}]\n  - ${log("after")}`;
    expect(simulate(noDefaults, undefined, () => ({ value: "Z" }))).toMatchObject({ order: ["sw"], state: "FAILED" });
  });

  it("ForEach runs its tasks per value, concurrencyLimit iterations at a time", () => {
    const flow = (limit: number) =>
      `tasks:\n  - id: each\n    type: io.kestra.plugin.core.flow.ForEach\n    values: [a, b, c]\n    concurrencyLimit: ${limit}\n    tasks: [${log("one")}, ${log("two")}]\n  - ${log("after")}`;
    const values = () => ({ values: ["a", "b", "c"] });
    const sequential = simulate(flow(1), undefined, values);
    expect(sequential.order).toEqual(["each", "one[a]", "two[a]", "one[b]", "two[b]", "one[c]", "two[c]", "after"]);
    const two = simulate(flow(2), undefined, values);
    expect(two.batches).toEqual([["each"], ["one", "one"], ["two", "two"], ["one"], ["two"], ["after"]]);
    const all = simulate(flow(0), undefined, values);
    expect(all.batches[1]).toEqual(["one", "one", "one"]);
    expect(all.state).toBe("SUCCESS");
  });

  it("ForEach stops starting iterations after one failed, and fails", () => {
    const flow = `tasks:\n  - id: each\n    type: io.kestra.plugin.core.flow.ForEach\n    values: [a, b, c]\n    tasks: [${log("one")}]\n  - ${log("after")}`;
    const r = simulate(
      flow,
      (_id, value) => (value === "b" ? "FAILED" : "SUCCESS"),
      () => ({ values: ["a", "b", "c"] }),
    );
    expect(r.order).toEqual(["each", "one[a]", "one[b]"]);
    expect(r.state).toBe("FAILED");
  });

  it("AllowFailure turns its tasks' failure into WARNING and the flow goes on", () => {
    const flow = `tasks:\n  - id: tolerant\n    type: io.kestra.plugin.core.flow.AllowFailure\n    tasks: [${log("bad")}]\n  - ${log("after")}`;
    expect(simulate(flow, (id) => (id === "bad" ? "FAILED" : "SUCCESS"))).toMatchObject({
      order: ["tolerant", "bad", "after"],
      state: "WARNING",
    });
  });

  it("nested: a ForEach inside a Parallel inside a Sequential", () => {
    const flow = `tasks:
  - id: seq
    type: io.kestra.plugin.core.flow.Sequential
    tasks:
      - id: par
        type: io.kestra.plugin.core.flow.Parallel
        tasks:
          - id: each
            type: io.kestra.plugin.core.flow.ForEach
            values: [x, y]
            concurrencyLimit: 0
            tasks: [${log("inner")}]
          - ${log("side")}
  - ${log("last")}`;
    const r = simulate(flow, undefined, (t) => (t.type.endsWith("ForEach") ? { values: ["x", "y"] } : {}));
    expect(r.order).toEqual(["seq", "par", "each", "side", "inner[x]", "inner[y]", "last"]);
    expect(r.state).toBe("SUCCESS");
  });
});

describe("decide: Dag and the deprecated Each tasks", () => {
  it("Dag starts each task once what it depends on has ended, side by side where it can", () => {
    const flow = `tasks:
  - id: dag
    type: io.kestra.plugin.core.flow.Dag
    tasks:
      - task: ${log("extract")}
      - task: ${log("left")}
        dependsOn: [extract]
      - task: ${log("right")}
        dependsOn: [extract]
      - task: ${log("join")}
        dependsOn: [left, right]`;
    const r = simulate(flow);
    expect(r.batches).toEqual([["dag"], ["extract"], ["left", "right"], ["join"]]);
    expect(r.state).toBe("SUCCESS");
    const failing = simulate(flow, (id) => (id === "left" ? "FAILED" : "SUCCESS"));
    expect(failing).toMatchObject({ order: ["dag", "extract", "left", "right"], state: "FAILED" });
  });

  it("EachSequential runs value by value; EachParallel every (value, task) at once", () => {
    const each = (type: string) =>
      `tasks:\n  - id: e\n    type: io.kestra.plugin.core.flow.${type}\n    value: [a, b]\n    tasks: [${log("one")}, ${log("two")}]`;
    const values = () => ({ values: ["a", "b"] });
    expect(simulate(each("EachSequential"), undefined, values).order).toEqual([
      "e",
      "one[a]",
      "two[a]",
      "one[b]",
      "two[b]",
    ]);
    const parallel = simulate(each("EachParallel"), undefined, values);
    expect(parallel.batches).toEqual([["e"], ["one", "two", "one", "two"]]);
    expect(parallel.state).toBe("SUCCESS");
  });
});

describe("decide: WaitFor", () => {
  it("runs its tasks round after round until the condition holds, then goes on", () => {
    const flow = `tasks:\n  - id: poll\n    type: io.kestra.plugin.core.flow.WaitFor\n    condition: x\n    tasks: [${log("probe")}, ${log("note")}]\n  - ${log("after")}`;
    const r = simulate(flow, undefined, () => ({ iteration: 1, iterationCount: 0 }));
    expect(r.order).toEqual(["poll", "probe#1", "note#1", "probe#2", "note#2", "probe#3", "note#3", "after"]);
    expect(r.state).toBe("SUCCESS");
  });

  it("a failing round fails it", () => {
    const flow = `tasks:\n  - id: poll\n    type: io.kestra.plugin.core.flow.WaitFor\n    condition: x\n    tasks: [${log("probe")}]`;
    const r = simulate(
      flow,
      (id) => (id === "probe" ? "FAILED" : "SUCCESS"),
      () => ({ iteration: 1 }),
    );
    expect(r).toMatchObject({ order: ["poll", "probe#1"], state: "FAILED" });
  });
});

describe("decide: a kill under way", () => {
  it("creates nothing new and ends KILLED once nothing runs", () => {
    const flow = { tasks: parse(`[${log("a")}, ${log("b")}]`) as TTask[] };
    const running: RunView = {
      id: "r0",
      taskId: "a",
      parentTaskRunId: null,
      value: null,
      state: "RUNNING",
      outputs: null,
    };
    expect(decide(flow, [running], true)).toEqual([]);
    expect(decide(flow, [{ ...running, state: "KILLED" }], true)).toEqual([{ kind: "end-execution", state: "KILLED" }]);
  });
});

describe("allowFailure and allowWarning on a flowable (Kestra's AbstractTask, as on a leaf)", () => {
  const group = (props: string) => `tasks:
  - id: group
    type: io.kestra.plugin.core.flow.Sequential
${props}    tasks:
      - {id: boom, type: io.kestra.plugin.core.log.Log, message: x}
  - {id: after, type: io.kestra.plugin.core.log.Log, message: y}
`;
  const failBoom = (taskId: string): TState => (taskId === "boom" ? "FAILED" : "SUCCESS");

  it("a failed group with allowFailure ends WARNING and the flow goes on", () => {
    const result = simulate(group("    allowFailure: true\n"), failBoom);
    expect(result.order).toEqual(["group", "boom", "after"]);
    expect(result.runs.find((r) => r.taskId === "group")!.state).toBe("WARNING");
    expect(result.state).toBe("WARNING");
  });

  it("with allowWarning too it ends SUCCESS; without either the flow stops", () => {
    const both = simulate(group("    allowFailure: true\n    allowWarning: true\n"), failBoom);
    expect(both.runs.find((r) => r.taskId === "group")!.state).toBe("SUCCESS");
    expect(both.state).toBe("SUCCESS");
    const plain = simulate(group(""), failBoom);
    expect(plain.order).toEqual(["group", "boom"]);
    expect(plain.state).toBe("FAILED");
  });
});

describe("EachParallel", () => {
  it("does not end while a child waits to retry or is being killed", () => {
    const flow = parse(`tasks:
  - id: each
    type: io.kestra.plugin.core.flow.EachParallel
    value: ["a", "b"]
    tasks:
      - {id: item, type: io.kestra.plugin.core.log.Log, message: x}
`) as { tasks: TTask[] };
    const base = { parentTaskRunId: "e", iteration: null, outputs: null };
    for (const waiting of ["RETRYING", "KILLING", "QUEUED"] as TState[]) {
      const runs: RunView[] = [
        {
          id: "e",
          taskId: "each",
          parentTaskRunId: null,
          value: null,
          state: "RUNNING",
          outputs: { values: ["a", "b"] },
        },
        { ...base, id: "a", taskId: "item", value: "a", state: "SUCCESS" },
        { ...base, id: "b", taskId: "item", value: "b", state: waiting },
      ];
      expect(decide(flow, runs)).toEqual([]);
    }
  });
});

describe("decide: Pause with its deprecated tasks", () => {
  const flow = (extra = "") =>
    `tasks:\n  - id: gate\n    type: io.kestra.plugin.core.flow.Pause\n${extra}    tasks: [${log("a")}, ${log("b")}]\n  - ${log("after")}`;

  it("waits while PAUSED, then runs its tasks one after another and ends as they do", () => {
    const r = simulate(flow());
    expect(r.order).toEqual(["gate", "a", "b", "after"]);
    expect(r.state).toBe("SUCCESS");
    expect(r.runs[0].state).toBe("SUCCESS");
  });

  it("asks only to wait for the resume while it is PAUSED: its tasks do not start", () => {
    const parsed = parse(flow()) as { tasks: TTask[] };
    const paused: RunView = {
      id: "g",
      taskId: "gate",
      parentTaskRunId: null,
      value: null,
      state: "PAUSED",
      outputs: {},
    };
    expect(decide(parsed, [paused])).toEqual([{ kind: "await-resume", taskRunId: "g" }]);
  });

  it("behavior WARN makes its tasks' SUCCESS a WARNING; a failing task fails it", () => {
    expect(simulate(flow("    behavior: WARN\n")).state).toBe("WARNING");
    const failed = simulate(flow(), (id) => (id === "a" ? "FAILED" : "SUCCESS"));
    expect(failed.order).toEqual(["gate", "a"]);
    expect(failed.state).toBe("FAILED");
  });

  it("a Pause without tasks stays a leaf", () => {
    const r = simulate(`tasks:\n  - id: gate\n    type: io.kestra.plugin.core.flow.Pause\n  - ${log("after")}`);
    expect(r.order).toEqual(["gate", "after"]);
  });
});
