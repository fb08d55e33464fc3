import { describe, expect, it } from "vitest";
import { extractLinks } from "./namespace-dependencies-extract";
import { type LinkedFlow, namespaceGraph, visibleGraph } from "./namespace-dependencies-graph";

const linked = (namespace: string, flowId: string, body: string): LinkedFlow => ({
  namespace,
  flowId,
  links: extractLinks(`id: ${flowId}\nnamespace: ${namespace}\n${body}`),
});
const call = (ns: string, id: string) =>
  `tasks:\n  - id: c_${id}\n    type: io.kestra.plugin.core.flow.Subflow\n    namespace: ${ns}\n    flowId: ${id}\n`;
const listen = (ns: string, id: string) =>
  `tasks: []\ntriggers:\n  - id: t\n    type: io.kestra.plugin.core.trigger.Flow\n    conditions:\n      - type: io.kestra.plugin.core.condition.ExecutionFlow\n        namespace: ${ns}\n        flowId: ${id}\n`;

const existing = [
  { namespace: "sales", flowId: "caller" },
  { namespace: "sales", flowId: "lonely" },
  { namespace: "sales", flowId: "report" },
  { namespace: "shared", flowId: "notify" },
  { namespace: "ops", flowId: "audit" },
  { namespace: "ops", flowId: "unrelated" },
];

describe("a namespace's dependency graph", () => {
  const flows = [
    linked("sales", "caller", call("shared", "notify")),
    linked("sales", "lonely", "tasks: []\n"),
    linked("sales", "report", listen("sales", "caller")),
    linked("sales", "self", call("sales", "self")),
    linked("ops", "audit", listen("sales", "report")),
    linked("ops", "unrelated", call("shared", "notify")),
    linked("sales", "broken", call("gone", "away")),
  ];

  it("has every flow of the namespace and each edge with an end in it, across namespaces, in Kestra's shape", () => {
    const graph = namespaceGraph("sales", flows, existing);
    expect(graph.edges).toEqual([
      { source: "sales_broken", target: "gone_away", relation: "FLOW_TASK" },
      { source: "sales_caller", target: "sales_report", relation: "FLOW_TRIGGER" },
      { source: "sales_caller", target: "shared_notify", relation: "FLOW_TASK" },
      { source: "sales_report", target: "ops_audit", relation: "FLOW_TRIGGER" },
    ]);
    expect(graph.nodes.map((n) => n.uid)).toEqual([
      "gone_away",
      "ops_audit",
      "sales_broken",
      "sales_caller",
      "sales_lonely",
      "sales_report",
      "shared_notify",
    ]);
    expect(graph.nodes.find((n) => n.uid === "shared_notify")).toEqual({
      uid: "shared_notify",
      namespace: "shared",
      id: "notify",
    });
    // A call to a flow that does not exist is drawn, marked.
    expect(graph.nodes.find((n) => n.uid === "gone_away")?.missing).toBe(true);
  });

  it("from the other side: a namespace called from elsewhere sees its callers, not their other links", () => {
    const graph = namespaceGraph("shared", flows, existing);
    expect(graph.edges).toEqual([
      { source: "ops_unrelated", target: "shared_notify", relation: "FLOW_TASK" },
      { source: "sales_caller", target: "shared_notify", relation: "FLOW_TASK" },
    ]);
  });

  it("leaves out flows the person may not see, with their edges", () => {
    const graph = visibleGraph(namespaceGraph("sales", flows, existing), (ns) => ns !== "ops");
    expect(graph.nodes.some((n) => n.namespace === "ops")).toBe(false);
    expect(graph.edges.some((e) => e.target === "ops_audit")).toBe(false);
    expect(graph.edges).toHaveLength(3);
  });
});
