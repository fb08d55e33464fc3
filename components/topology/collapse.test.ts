import { describe, expect, it } from "vitest";
import { COLLAPSE_TOTAL, collapsedSet, collapseModel, defaultCollapsed, flowableTasks, stateSummary } from "./collapse";
import { buildFlowGraph } from "./graph-model";
import { layoutGraph } from "./layout";

const LOG = "io.kestra.plugin.core.log.Log";
const logs = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => ({ id: `${prefix}${i}`, type: LOG }));

/** A ForEach holding a Switch holding a ForEach, then a Parallel: the execution page's hard case. */
const NESTED = buildFlowGraph({
  tasks: [
    {
      id: "outer",
      type: "io.kestra.plugin.core.flow.ForEach",
      tasks: [
        {
          id: "pick",
          type: "io.kestra.plugin.core.flow.Switch",
          cases: {
            a: [{ id: "inner", type: "io.kestra.plugin.core.flow.ForEach", tasks: logs("w", 2) }],
            b: [{ id: "never", type: LOG }],
          },
        },
      ],
      errors: [{ id: "oops", type: LOG }],
    },
    { id: "fan", type: "io.kestra.plugin.core.flow.Parallel", tasks: logs("p", 2) },
    { id: "last", type: LOG },
  ],
});

const ids = (m: { nodes: { id: string }[] }) => m.nodes.map((n) => n.id);

describe("flowableTasks", () => {
  it("lists each flowable's tasks at any depth, lanes included, not the flowable itself", () => {
    const tasks = flowableTasks(NESTED);
    expect(tasks.get("outer")!.sort()).toEqual(["inner", "never", "oops", "pick", "w0", "w1"]);
    expect(tasks.get("pick")!.sort()).toEqual(["inner", "never", "w0", "w1"]);
    expect(tasks.get("inner")).toEqual(["w0", "w1"]);
    expect(tasks.has("last")).toBe(false);
  });
});

describe("collapseModel", () => {
  it("draws a collapsed flowable as its header alone, where its box was, edges through it kept", () => {
    const shown = collapseModel(NESTED, new Set(["outer"]));
    expect(ids(shown)).toEqual(["outer", "cluster:fan", "fan", "p0", "p1", "end:fan", "last"]);
    expect(shown.nodes[0]).toMatchObject({ kind: "flowable", collapsed: true });
    expect(shown.nodes[0].parent).toBeUndefined();
    // what left the box's end leaves from the header now; nothing inside remains
    expect(shown.edges.map((e) => e.id)).toContain("outer->fan");
    for (const e of shown.edges) {
      expect(ids(shown)).toContain(e.source);
      expect(ids(shown)).toContain(e.target);
      expect(e.source).not.toBe(e.target);
    }
  });

  it("keeps a nested collapsed flowable inside the box that held its own, with its branch label", () => {
    const shown = collapseModel(NESTED, new Set(["inner"]));
    expect(shown.nodes.find((n) => n.id === "inner")).toMatchObject({ parent: "cluster:pick", collapsed: true });
    expect(ids(shown)).not.toContain("w0");
    expect(ids(shown)).not.toContain("cluster:inner");
    expect(shown.edges.find((e) => e.id === "pick->inner")).toMatchObject({ kind: "branch", label: "a" });
    expect(shown.edges.find((e) => e.id === "inner->end:pick")).toBeDefined();
    // the whole still lays out (every parent known, listed before what it holds)
    expect(layoutGraph(shown).get("inner")!.width).toBeGreaterThan(0);
  });

  it("hides inner folds under an outer one, and returns the model itself when nothing is folded", () => {
    expect(ids(collapseModel(NESTED, new Set(["outer", "inner"])))).toEqual(
      ids(collapseModel(NESTED, new Set(["outer"]))),
    );
    expect(collapseModel(NESTED, new Set())).toBe(NESTED);
  });
});

describe("defaultCollapsed", () => {
  it("leaves small flows open", () => {
    expect(defaultCollapsed(NESTED)).toEqual(new Set());
  });

  it("folds a flowable with more than 8 tasks of its own, not one whose 9 tasks are nested", () => {
    const model = buildFlowGraph({
      tasks: [
        { id: "big", type: "io.kestra.plugin.core.flow.Sequential", tasks: logs("b", 9) },
        { id: "small", type: "io.kestra.plugin.core.flow.Sequential", tasks: logs("s", 8) },
        {
          id: "wrap",
          type: "io.kestra.plugin.core.flow.Sequential",
          tasks: [{ id: "mid", type: "io.kestra.plugin.core.flow.Sequential", tasks: logs("m", 5) }, ...logs("x", 4)],
        },
      ],
    });
    expect(defaultCollapsed(model)).toEqual(new Set(["big"]));
  });

  it("past 30 tasks in all, folds the innermost flowables first, biggest first, until 30 or fewer show", () => {
    const groups = Array.from({ length: 6 }, (_, g) => ({
      id: `g${g}`,
      type: "io.kestra.plugin.core.flow.Parallel",
      tasks: logs(`g${g}_`, 5 + (g % 2)),
    }));
    const model = buildFlowGraph({
      tasks: [{ id: "outer", type: "io.kestra.plugin.core.flow.ForEach", tasks: groups }, ...logs("t", 3)],
    });
    // 1 + 6 headers + 33 tasks + 3 = 43 shown: folding the 6-task groups (g1, g3, g5) leaves 25
    const folded = defaultCollapsed(model);
    expect(folded).toEqual(new Set(["g1", "g3", "g5"]));
    const shown = collapseModel(model, folded).nodes.filter((n) => n.kind === "task" || n.kind === "flowable");
    expect(shown.length).toBeLessThanOrEqual(COLLAPSE_TOTAL);
    expect(shown.map((n) => n.id)).toContain("outer");
  });

  it("lets the reader's choices override the defaults, both ways", () => {
    const model = buildFlowGraph({
      tasks: [
        { id: "big", type: "io.kestra.plugin.core.flow.Sequential", tasks: logs("b", 9) },
        { id: "small", type: "io.kestra.plugin.core.flow.Sequential", tasks: logs("s", 2) },
      ],
    });
    expect(collapsedSet(model, { big: false, small: true, gone: true })).toEqual(new Set(["small"]));
  });
});

describe("stateSummary", () => {
  it("counts the states of a flowable's tasks, each run of a looped task once, failures first, flowables not counted", () => {
    const tasks = flowableTasks(NESTED).get("outer")!;
    const summary = stateSummary(tasks, NESTED, {
      outer: { state: "FAILED" },
      pick: { state: "FAILED" },
      inner: { state: "FAILED" },
      w0: {
        state: "SUCCESS",
        iterations: [
          { value: "1", state: "SUCCESS" },
          { value: "2", state: "SUCCESS" },
        ],
      },
      w1: {
        state: "FAILED",
        iterations: [
          { value: "1", state: "SUCCESS" },
          { value: "2", state: "FAILED" },
        ],
      },
      never: { state: "NOT RUN" },
      oops: { state: "SUCCESS" },
    });
    expect(summary).toEqual([
      ["FAILED", 1],
      ["SUCCESS", 4],
      ["NOT RUN", 1],
    ]);
  });
});
