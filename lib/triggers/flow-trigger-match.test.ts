import { describe, expect, it } from "vitest";
import { ZFlowTrigger, type TFlowTrigger } from "../flow/trigger-schemas";
import { renderString, type TemplateContext } from "../template/render";
import type { ConditionContext, ConditionExecution } from "./conditions/condition-context";
import { matchFlowTrigger } from "./flow-trigger-match";
import { advanceWindow, type WindowState, windowBounds } from "./flow-trigger-window";

const P = "io.kestra.plugin.core.condition.";
const base: ConditionExecution = {
  id: "e",
  namespace: "company.team",
  flowId: "a",
  flowRevision: 1,
  state: "SUCCESS",
  labels: [],
  outputs: null,
};
const trigger = (t: Record<string, unknown>) =>
  ZFlowTrigger.parse({ id: "t", type: "io.kestra.plugin.core.trigger.Flow", ...t }) as TFlowTrigger;
const ctx = (execution: Partial<ConditionExecution>): ConditionContext & { execution: ConditionExecution } => ({
  execution: { ...base, ...execution },
  now: new Date("2024-05-15T10:30:00Z"),
  flow: { namespace: "company.team", id: "down" },
  variables: { trigger: { flowId: execution.flowId ?? base.flowId } },
  render: async (expression, variables) => renderString(expression, variables as unknown as TemplateContext),
});
const fires = async (t: TFlowTrigger, e: Partial<ConditionExecution>) => (await matchFlowTrigger(t, ctx(e))) !== null;

describe("a Flow trigger's states and conditions", () => {
  it("counts any terminal state by default, never a running one", async () => {
    const t = trigger({ conditions: [{ type: `${P}ExecutionFlow`, namespace: "company.team", flowId: "a" }] });
    for (const state of ["SUCCESS", "FAILED", "WARNING", "KILLED"]) expect(await fires(t, { state }), state).toBe(true);
    expect(await fires(t, { state: "RUNNING" })).toBe(false);
    expect(await fires(t, { state: "PAUSED" })).toBe(false);
  });

  it("`states` narrows it; conditions must all hold", async () => {
    const t = trigger({
      states: ["FAILED"],
      conditions: [{ type: `${P}ExecutionFlow`, namespace: "company.team", flowId: "a" }],
    });
    expect(await fires(t, { state: "FAILED" })).toBe(true);
    expect(await fires(t, { state: "SUCCESS" })).toBe(false);
    expect(await fires(t, { state: "FAILED", flowId: "b" })).toBe(false);
    const both = trigger({
      conditions: [
        { type: `${P}ExecutionStatus`, in: ["SUCCESS"] },
        { type: `${P}ExecutionNamespace`, namespace: "company", prefix: true },
      ],
    });
    expect(await fires(both, {})).toBe(true);
    expect(await fires(both, { namespace: "other" })).toBe(false);
  });

  it("a disabled trigger never counts", async () => {
    expect(await fires(trigger({ disabled: true }), {})).toBe(false);
  });
});

describe("preconditions", () => {
  it("flows match on namespace, flowId, states and labels; each is its own part", async () => {
    const t = trigger({
      preconditions: {
        id: "both",
        flows: [
          { namespace: "company.team", flowId: "a", states: ["SUCCESS"] },
          { namespace: "company.team", flowId: "b", labels: { env: "prod" } },
        ],
      },
    });
    expect((await matchFlowTrigger(t, ctx({ flowId: "a" })))?.windows[0].met).toEqual(["flow_1"]);
    expect(await matchFlowTrigger(t, ctx({ flowId: "a", state: "FAILED" }))).toBeNull();
    expect(await matchFlowTrigger(t, ctx({ flowId: "b" }))).toBeNull();
    expect(
      (await matchFlowTrigger(t, ctx({ flowId: "b", labels: [{ key: "env", value: "prod" }] })))?.windows[0].met,
    ).toEqual(["flow_2"]);
    expect(await matchFlowTrigger(t, ctx({ flowId: "c" }))).toBeNull();
  });

  it("where filters: AND by default, OR when asked, each filter type", async () => {
    const where = (filters: unknown[], operand?: string) =>
      trigger({ preconditions: { id: "w", where: [{ id: "f", ...(operand ? { operand } : {}), filters }] } });
    const f = (field: string, type: string, more: Record<string, unknown> = {}) => ({ field, type, ...more });
    expect(
      await fires(
        where([f("NAMESPACE", "STARTS_WITH", { value: "company" }), f("STATE", "EQUAL_TO", { value: "SUCCESS" })]),
        {},
      ),
    ).toBe(true);
    expect(
      await fires(
        where([f("NAMESPACE", "STARTS_WITH", { value: "company" }), f("STATE", "EQUAL_TO", { value: "FAILED" })]),
        {},
      ),
    ).toBe(false);
    expect(
      await fires(
        where([f("NAMESPACE", "STARTS_WITH", { value: "x" }), f("STATE", "EQUAL_TO", { value: "SUCCESS" })], "OR"),
        {},
      ),
    ).toBe(true);
    expect(await fires(where([f("FLOW_ID", "IN", { values: ["a", "b"] })]), {})).toBe(true);
    expect(await fires(where([f("FLOW_ID", "NOT_IN", { values: ["a", "b"] })]), {})).toBe(false);
    expect(await fires(where([f("FLOW_ID", "NOT_EQUAL_TO", { value: "a" })]), {})).toBe(false);
    expect(await fires(where([f("NAMESPACE", "ENDS_WITH", { value: ".team" })]), {})).toBe(true);
    expect(await fires(where([f("NAMESPACE", "CONTAINS", { value: "y.t" })]), {})).toBe(true);
    // REGEX matches the whole value, as Java's String.matches.
    expect(await fires(where([f("NAMESPACE", "REGEX", { value: "company" })]), {})).toBe(false);
    expect(await fires(where([f("NAMESPACE", "REGEX", { value: "company\\..*" })]), {})).toBe(true);
    expect(await fires(where([f("EXPRESSION", "IS_TRUE", { value: "{{ trigger.flowId == 'a' }}" })]), {})).toBe(true);
    expect(await fires(where([f("EXPRESSION", "IS_FALSE", { value: "{{ trigger.flowId == 'a' }}" })]), {})).toBe(false);
    expect(await fires(where([f("STATE", "IS_NOT_NULL")]), {})).toBe(true);
  });

  it("a `where` group stops at the filter that decides it (AND: the first false, OR: the first true), as Kestra's allMatch/anyMatch", async () => {
    const boom = { field: "EXPRESSION", type: "IS_TRUE", value: "{{ labels.only_some_have }}" };
    const t = trigger({
      preconditions: {
        id: "p",
        where: [
          { id: "all", filters: [{ field: "FLOW_ID", type: "EQUAL_TO", value: "other" }, boom] },
          { id: "any", operand: "OR", filters: [{ field: "FLOW_ID", type: "EQUAL_TO", value: "a" }, boom] },
        ],
      },
    });
    const rendered: string[] = [];
    const render = async (expression: string) => {
      rendered.push(expression);
      throw new Error("Root attribute [labels] does not exist");
    };
    const m = await matchFlowTrigger(t, { ...ctx({}), render });
    expect(rendered).toEqual([]);
    expect(m?.windows[0].met).toEqual(["where_any"]);
  });

  it("the old MultipleCondition gives its map's keys as parts", async () => {
    const t = trigger({
      conditions: [
        { type: `${P}ExecutionStatus`, in: ["SUCCESS"] },
        {
          type: `${P}MultipleCondition`,
          id: "multi",
          window: "PT1H",
          conditions: {
            one: { type: `${P}ExecutionFlow`, namespace: "company.team", flowId: "a" },
            two: { type: `${P}ExecutionFlow`, namespace: "company.team", flowId: "b" },
          },
        },
      ],
    });
    const m = await matchFlowTrigger(t, ctx({ flowId: "b" }));
    expect(m?.windows[0]).toMatchObject({
      spec: { id: "multi", keys: ["one", "two"], timeWindow: { window: "PT1H" } },
      met: ["two"],
    });
    expect(await matchFlowTrigger(t, ctx({ flowId: "b", state: "FAILED" }))).toBeNull();
  });

  it("the schema refuses a filter without its value and an unknown upstream property", () => {
    expect(
      ZFlowTrigger.safeParse({
        id: "t",
        type: "x",
        preconditions: { id: "p", where: [{ id: "w", filters: [{ field: "STATE", type: "EQUAL_TO" }] }] },
      }).success,
    ).toBe(false);
    expect(
      ZFlowTrigger.safeParse({ id: "t", type: "x", preconditions: { id: "p", flows: [{ namespace: "n", flow: "a" }] } })
        .success,
    ).toBe(false);
    expect(ZFlowTrigger.safeParse({ id: "t", type: "x", states: ["DONE"] }).success).toBe(false);
  });
});

describe("the time window", () => {
  const spec = {
    id: "p",
    timeWindow: { type: "DURATION_WINDOW" as const },
    resetOnSuccess: true,
    keys: ["flow_1", "flow_2"],
  };
  const at = (iso: string) => new Date(iso);

  it("completes once every part is met in one window, then resets", () => {
    const first = advanceWindow(null, spec, ["flow_1"], at("2024-05-15T10:00:00Z"));
    expect(first.complete).toBe(false);
    expect(first.next).toEqual({
      start: at("2024-05-15T00:00:00Z"),
      end: at("2024-05-15T23:59:59.999Z"),
      results: ["flow_1"],
    });
    const again = advanceWindow(first.next, spec, ["flow_1"], at("2024-05-15T11:00:00Z"));
    expect(again).toMatchObject({ complete: false, next: { results: ["flow_1"] } });
    expect(advanceWindow(again.next, spec, ["flow_2"], at("2024-05-15T12:00:00Z"))).toEqual({
      complete: true,
      next: null,
    });
  });

  it("keeps the results after success when resetOnSuccess is false", () => {
    const keep = { ...spec, resetOnSuccess: false };
    const done = advanceWindow(
      { start: at("2024-05-15T00:00:00Z"), end: at("2024-05-15T23:59:59.999Z"), results: ["flow_1"] },
      keep,
      ["flow_2"],
      at("2024-05-15T12:00:00Z"),
    );
    expect(done.complete).toBe(true);
    expect(advanceWindow(done.next, keep, ["flow_1"], at("2024-05-15T13:00:00Z")).complete).toBe(true);
  });

  it("forgets what was met in an earlier window", () => {
    const old: WindowState = {
      start: at("2024-05-14T00:00:00Z"),
      end: at("2024-05-14T23:59:59.999Z"),
      results: ["flow_1"],
    };
    expect(advanceWindow(old, spec, ["flow_2"], at("2024-05-15T01:00:00Z"))).toMatchObject({
      complete: false,
      next: { results: ["flow_2"] },
    });
  });

  it("computes each kind of window", () => {
    const now = at("2024-05-15T10:30:00Z");
    expect(windowBounds({ type: "DURATION_WINDOW", window: "PT6H", windowAdvance: "PT3H" }, now)).toEqual({
      start: at("2024-05-15T09:00:00Z"),
      end: at("2024-05-15T14:59:59.999Z"),
    });
    expect(windowBounds({ type: "DURATION_WINDOW", window: "PT10M" }, now)).toEqual({
      start: at("2024-05-15T10:30:00Z"),
      end: at("2024-05-15T10:39:59.999Z"),
    });
    expect(windowBounds({ type: "SLIDING_WINDOW", window: "PT1H" }, now)).toEqual({
      start: now,
      end: at("2024-05-15T11:30:00Z"),
    });
    expect(windowBounds({ type: "DAILY_TIME_WINDOW", startTime: "06:00:00", endTime: "09:00:00" }, now)).toEqual({
      start: at("2024-05-15T06:00:00Z"),
      end: at("2024-05-15T09:00:00Z"),
    });
    expect(windowBounds({ type: "DAILY_TIME_DEADLINE", deadline: "09:00:00" }, now)).toEqual({
      start: at("2024-05-15T00:00:00Z"),
      end: at("2024-05-15T09:00:00Z"),
    });
  });

  it("a daily window counts nothing outside its hours", () => {
    const daily = { ...spec, timeWindow: { type: "DAILY_TIME_DEADLINE" as const, deadline: "09:00:00" } };
    expect(advanceWindow(null, daily, ["flow_1", "flow_2"], at("2024-05-15T10:30:00Z"))).toEqual({
      complete: false,
      next: null,
    });
    expect(advanceWindow(null, daily, ["flow_1", "flow_2"], at("2024-05-15T08:30:00Z")).complete).toBe(true);
  });
});
