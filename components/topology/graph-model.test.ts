import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { buildFlowGraph, graphTasks } from "./graph-model";
import { layoutGraph } from "./layout";

const FLOW = parse(`
id: f
namespace: n
tasks:
  - id: check
    type: io.kestra.plugin.core.flow.If
    condition: "{{ true }}"
    then:
      - id: yes
        type: io.kestra.plugin.core.log.Log
        message: y
    else:
      - id: no
        type: io.kestra.plugin.core.log.Log
        message: n
  - id: fan
    type: io.kestra.plugin.core.flow.Parallel
    tasks:
      - id: p1
        type: io.kestra.plugin.core.log.Log
        message: p1
      - id: p2
        type: io.kestra.plugin.core.log.Log
        message: p2
  - id: loop
    type: io.kestra.plugin.core.flow.ForEach
    values: [a, b]
    tasks:
      - id: inner
        type: io.kestra.plugin.core.log.Log
        message: m
      - id: inner2
        type: io.kestra.plugin.core.log.Log
        message: m
    errors:
      - id: loop_failed
        type: io.kestra.plugin.core.log.Log
        message: x
  - id: pick
    type: io.kestra.core.tasks.flows.Switch
    value: "{{ 1 }}"
    cases:
      one:
        - id: c1
          type: io.kestra.plugin.core.log.Log
          message: c1
    defaults:
      - id: dflt
        type: io.kestra.plugin.core.log.Log
        message: d
  - id: dag
    type: io.kestra.plugin.core.flow.Dag
    tasks:
      - task: {id: d1, type: io.kestra.plugin.core.log.Log, message: a}
      - task: {id: d2, type: io.kestra.plugin.core.log.Log, message: b}
        dependsOn: [d1]
      - task: {id: d3, type: io.kestra.plugin.core.log.Log, message: c}
        dependsOn: [d1]
errors:
  - id: alert
    type: io.kestra.plugin.core.log.Log
    message: x
finally:
  - id: cleanup
    type: io.kestra.plugin.core.log.Log
    message: x
`);

const model = buildFlowGraph(FLOW);
const node = (id: string) => model.nodes.find((n) => n.id === id);
const edge = (source: string, target: string) => model.edges.find((e) => e.source === source && e.target === target);
const targets = (source: string) => model.edges.filter((e) => e.source === source).map((e) => e.target);

describe("buildFlowGraph", () => {
  it("draws each flowable as a box with its header, children and end node inside", () => {
    expect(node("cluster:loop")).toMatchObject({ kind: "cluster", task: { id: "loop" } });
    expect(node("loop")).toMatchObject({ kind: "flowable", parent: "cluster:loop" });
    expect(node("inner")).toMatchObject({ kind: "task", parent: "cluster:loop" });
    expect(node("end:loop")).toMatchObject({ kind: "end", parent: "cluster:loop" });
    // a chain inside, and the box's end leads to the next top-level task
    expect(targets("loop")).toContain("inner");
    expect(edge("inner", "inner2")).toBeDefined();
    expect(edge("inner2", "end:loop")).toBeDefined();
    expect(edge("end:loop", "pick")).toBeDefined();
    expect(node("check")!.parent).toBe("cluster:check");
    expect(node("cluster:check")!.parent).toBeUndefined();
  });

  it("labels If and Switch branches, one edge per case and defaults", () => {
    expect(edge("check", "yes")).toMatchObject({ kind: "branch", label: "then" });
    expect(edge("check", "no")).toMatchObject({ kind: "branch", label: "else" });
    expect(edge("yes", "end:check")).toBeDefined();
    expect(edge("no", "end:check")).toBeDefined();
    expect(edge("pick", "c1")).toMatchObject({ label: "one" });
    expect(edge("pick", "dflt")).toMatchObject({ label: "defaults" });
  });

  it("fans a Parallel out and back in, and follows a Dag's dependsOn", () => {
    expect(targets("fan").sort()).toEqual(["p1", "p2"]);
    expect(edge("p1", "end:fan")).toBeDefined();
    expect(edge("p2", "end:fan")).toBeDefined();
    expect(edge("p1", "p2")).toBeUndefined();
    expect(targets("dag")).toEqual(["d1"]);
    expect(targets("d1").sort()).toEqual(["d2", "d3"]);
    expect(edge("d2", "end:dag")).toBeDefined();
    expect(edge("d1", "end:dag")).toBeUndefined();
  });

  it("puts a flowable's errors in a lane inside its box, and the flow's errors and finally in lanes of their own", () => {
    expect(node("lane:loop:errors")).toMatchObject({ kind: "lane", parent: "cluster:loop" });
    expect(node("loop_failed")!.parent).toBe("lane:loop:errors");
    expect(edge("loop", "loop_failed")).toMatchObject({ kind: "lane", label: "on error" });
    expect(node("lane:errors")!.parent).toBeUndefined();
    expect(node("alert")!.parent).toBe("lane:errors");
    expect(node("cleanup")!.parent).toBe("lane:finally");
    // lanes below the tasks, in the order they run
    expect(edge("end:dag", "alert")).toMatchObject({ kind: "lane" });
    expect(edge("alert", "cleanup")).toBeDefined();
  });

  it("lists boxes before what they hold, every edge between known nodes, every task once", () => {
    const seen = new Set<string>();
    for (const n of model.nodes) {
      if (n.parent) expect(seen.has(n.parent)).toBe(true);
      seen.add(n.id);
    }
    for (const e of model.edges) expect(seen.has(e.source) && seen.has(e.target)).toBe(true);
    expect(
      graphTasks(model)
        .map((t) => t.id)
        .sort(),
    ).toEqual(
      [
        "check",
        "yes",
        "no",
        "fan",
        "p1",
        "p2",
        "loop",
        "inner",
        "inner2",
        "loop_failed",
        "pick",
        "c1",
        "dflt",
        "dag",
        "d1",
        "d2",
        "d3",
        "alert",
        "cleanup",
      ].sort(),
    );
  });

  it("draws a flat flow as a chain of plain nodes", () => {
    const flat = buildFlowGraph({
      tasks: [
        { id: "a", type: "t" },
        { id: "b", type: "t", disabled: true },
      ],
    });
    expect(flat.nodes).toEqual([
      { id: "a", kind: "task", task: { id: "a", type: "t" } },
      { id: "b", kind: "task", task: { id: "b", type: "t", disabled: true } },
    ]);
    expect(flat.edges).toEqual([{ id: "a->b", source: "a", target: "b", kind: "next" }]);
  });
});

describe("layoutGraph", () => {
  it("places every node inside its box, and the same model in the same place each time", () => {
    const placed = layoutGraph(model);
    const abs = (id: string): { x: number; y: number } => {
      const p = placed.get(id)!;
      const parent = p.node.parent ? abs(p.node.parent) : { x: 0, y: 0 };
      return { x: parent.x + p.position.x, y: parent.y + p.position.y };
    };
    for (const [id, p] of placed) {
      if (!p.node.parent) continue;
      const box = placed.get(p.node.parent)!;
      const [a, b] = [abs(id), abs(p.node.parent)];
      if (a.x + p.width > b.x + box.width || a.x < b.x || a.y < b.y || a.y + p.height > b.y + box.height)
        console.log(id, a, p.width, p.height, p.node.parent, b, box.width, box.height);
      expect(a.x).toBeGreaterThanOrEqual(b.x);
      expect(a.y).toBeGreaterThanOrEqual(b.y);
      expect(a.x + p.width).toBeLessThanOrEqual(b.x + box.width);
      expect(a.y + p.height).toBeLessThanOrEqual(b.y + box.height);
    }
    // the flow's lanes come after its tasks (left to right)
    expect(abs("lane:errors").x).toBeGreaterThan(abs("cluster:dag").x + placed.get("cluster:dag")!.width);
    expect(JSON.stringify([...layoutGraph(buildFlowGraph(FLOW))])).toBe(JSON.stringify([...placed]));
  });
});

describe("layoutGraph directions", () => {
  it("runs the flow left to right by default and top to bottom when asked, each box still holding its nodes", () => {
    const lr = layoutGraph(model);
    const tb = layoutGraph(model, "TB");
    const at = (placed: typeof lr, id: string) => placed.get(id)!.absolute;
    // one task after another: along x, or along y
    expect(at(lr, "cluster:fan").x).toBeGreaterThan(at(lr, "cluster:check").x + at(lr, "cluster:check").width);
    expect(at(tb, "cluster:fan").y).toBeGreaterThan(at(tb, "cluster:check").y + at(tb, "cluster:check").height);
    // a Parallel's branches side by side: stacked when left to right, in a row when top to bottom
    expect(at(lr, "p1").x).toBe(at(lr, "p2").x);
    expect(at(tb, "p1").y).toBe(at(tb, "p2").y);
    for (const [id, p] of tb) {
      if (!p.node.parent) continue;
      const box = at(tb, p.node.parent);
      expect(p.absolute.x, id).toBeGreaterThanOrEqual(box.x);
      expect(p.absolute.y + p.height, id).toBeLessThanOrEqual(box.y + box.height);
    }
  });
});
