import { describe, expect, it } from "vitest";
import { extractLinks, selects, triggeredBy } from "./namespace-dependencies-extract";

const flow = (body: string) => `id: f\nnamespace: a\n${body}`;

describe("the links a flow's source declares", () => {
  it("finds Subflow and ForEachItem calls inside flowables, under old type names too, and skips expressions", () => {
    const links = extractLinks(
      flow(`tasks:
  - id: par
    type: io.kestra.plugin.core.flow.Parallel
    tasks:
      - id: call
        type: io.kestra.plugin.core.flow.Subflow
        namespace: b.team
        flowId: child
      - id: old
        type: io.kestra.core.tasks.flows.Flow
        namespace: c
        flowId: legacy
  - id: sw
    type: io.kestra.plugin.core.flow.Switch
    value: x
    cases:
      x:
        - id: each
          type: io.kestra.core.tasks.flows.ForEachItem
          items: "{{ outputs.x.uri }}"
          namespace: d
          flowId: batch
  - id: dynamic
    type: io.kestra.plugin.core.flow.Subflow
    namespace: "{{ inputs.ns }}"
    flowId: child
  - id: log
    type: io.kestra.plugin.core.log.Log
    message: "namespace: b, flowId: nope"
errors:
  - id: onError
    type: io.kestra.plugin.core.flow.Subflow
    namespace: e
    flowId: alert
`),
    );
    expect(links.calls).toEqual([
      { namespace: "b.team", flowId: "child", taskId: "call", type: "io.kestra.plugin.core.flow.Subflow" },
      { namespace: "c", flowId: "legacy", taskId: "old", type: "io.kestra.plugin.core.flow.Subflow" },
      { namespace: "d", flowId: "batch", taskId: "each", type: "io.kestra.plugin.core.flow.ForEachItem" },
      { namespace: "e", flowId: "alert", taskId: "onError", type: "io.kestra.plugin.core.flow.Subflow" },
    ]);
    expect(links.triggers).toEqual([]);
  });

  it("reads a Flow trigger's conditions: each plain one must hold, a MultipleCondition's parts are alternatives", () => {
    const links = extractLinks(
      flow(`tasks: []
triggers:
  - id: after
    type: io.kestra.core.models.triggers.types.Flow
    conditions:
      - type: io.kestra.plugin.core.condition.ExecutionStatus
        in: [SUCCESS]
      - type: io.kestra.core.models.conditions.types.ExecutionNamespaceCondition
        namespace: up
        prefix: true
      - type: io.kestra.plugin.core.condition.MultipleCondition
        id: both
        conditions:
          one:
            type: io.kestra.plugin.core.condition.ExecutionFlow
            namespace: up.x
            flowId: one
          two:
            type: io.kestra.plugin.core.condition.ExecutionFlowCondition
            namespace: up.y
            flowId: two
  - id: sched
    type: io.kestra.plugin.core.trigger.Schedule
    cron: "0 * * * *"
`),
    );
    expect(links.triggers).toEqual([
      {
        triggerId: "after",
        groups: [
          [{ namespace: "up", comparison: "PREFIX" }],
          [
            { namespace: "up.x", comparison: "EQUALS", flowId: "one" },
            { namespace: "up.y", comparison: "EQUALS", flowId: "two" },
          ],
        ],
      },
    ]);
    const [{ groups }] = links.triggers;
    expect(triggeredBy(groups, { namespace: "up.x", flowId: "one" })).toBe(true);
    expect(triggeredBy(groups, { namespace: "up.x", flowId: "other" })).toBe(false);
    expect(triggeredBy(groups, { namespace: "elsewhere", flowId: "one" })).toBe(false);
  });

  it("reads preconditions: upstream flows and where filters, AND narrowing and OR widening", () => {
    const links = extractLinks(
      flow(`tasks: []
triggers:
  - id: pre
    type: io.kestra.plugin.core.trigger.Flow
    preconditions:
      id: pc
      flows:
        - namespace: up
          flowId: extract
          states: [SUCCESS]
        - namespace: whole
      where:
        - id: narrow
          filters:
            - field: NAMESPACE
              type: IN
              values: [n1, n2]
            - field: FLOW_ID
              type: EQUAL_TO
              value: load
        - id: wide
          operand: OR
          filters:
            - field: NAMESPACE
              type: STARTS_WITH
              value: pre
            - field: FLOW_ID
              type: EQUAL_TO
              value: anywhere
            - field: STATE
              type: EQUAL_TO
              value: FAILED
`),
    );
    expect(links.triggers[0].groups).toEqual([
      [
        { namespace: "up", comparison: "EQUALS", flowId: "extract" },
        { namespace: "whole", comparison: "EQUALS" },
        { namespace: "n1", comparison: "EQUALS", flowId: "load" },
        { namespace: "n2", comparison: "EQUALS", flowId: "load" },
        { namespace: "pre", comparison: "PREFIX" },
        { namespace: null, comparison: "EQUALS", flowId: "anywhere" },
      ],
    ]);
    const groups = links.triggers[0].groups;
    expect(triggeredBy(groups, { namespace: "whole", flowId: "any" })).toBe(true);
    expect(triggeredBy(groups, { namespace: "n2", flowId: "load" })).toBe(true);
    expect(triggeredBy(groups, { namespace: "n2", flowId: "other" })).toBe(false);
    expect(triggeredBy(groups, { namespace: "prefixed.ns", flowId: "x" })).toBe(true);
    expect(triggeredBy(groups, { namespace: "z", flowId: "anywhere" })).toBe(true);
    expect(triggeredBy(groups, { namespace: "z", flowId: "x" })).toBe(false);
  });

  it("a trigger that names no flow links to none, and an unreadable source has no links", () => {
    const links = extractLinks(
      flow(`tasks: []
triggers:
  - id: any
    type: io.kestra.plugin.core.trigger.Flow
    conditions:
      - type: io.kestra.plugin.core.condition.ExecutionStatus
        in: [FAILED]
`),
    );
    expect(links.triggers).toEqual([{ triggerId: "any", groups: [] }]);
    expect(triggeredBy([], { namespace: "a", flowId: "b" })).toBe(false);
    expect(extractLinks("tasks: [\n  - id: broken")).toEqual({ calls: [], triggers: [] });
    expect(extractLinks("just text")).toEqual({ calls: [], triggers: [] });
  });

  it("compares namespaces as written: equal, prefix, suffix", () => {
    const f = { namespace: "company.team", flowId: "x" };
    expect(selects({ namespace: "company", comparison: "EQUALS" }, f)).toBe(false);
    expect(selects({ namespace: "company", comparison: "PREFIX" }, f)).toBe(true);
    expect(selects({ namespace: "team", comparison: "SUFFIX" }, f)).toBe(true);
    expect(selects({ namespace: "company.team", comparison: "EQUALS", flowId: "y" }, f)).toBe(false);
  });
});
