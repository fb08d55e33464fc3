import { State } from "../../states/states";
import { describe, expect, it } from "vitest";
import { renderString, type TemplateContext } from "../../template/render";
import type { ConditionContext, ConditionExecution } from "./condition-context";
import { allConditions, evaluateCondition } from "./evaluate-condition";
import { ZCondition } from "../../flow/condition-schema";

const P = "io.kestra.plugin.core.condition.";
const upstream: ConditionExecution = {
  id: "e1",
  namespace: "company.team",
  flowId: "extract",
  flowRevision: 3,
  state: State.FAILED,
  labels: [
    { key: "env", value: "prod" },
    { key: "team", value: "data" },
  ],
  outputs: { rows: 12 },
};

function ctx(over: Partial<ConditionContext> = {}): ConditionContext {
  return {
    execution: upstream,
    // A Wednesday, 10:30 UTC.
    now: new Date("2024-05-15T10:30:00Z"),
    flow: { namespace: "company.team", id: "downstream" },
    variables: { flow: { namespace: "company.team", id: "downstream", revision: 1 } },
    // The real template engine, synchronously: these are pure tests.
    render: async (expression, variables) =>
      renderString(expression, {
        execution: { id: "x", startDate: "" },
        inputs: {},
        outputs: {},
        ...variables,
      } as unknown as TemplateContext),
    ...over,
  };
}
const check = (condition: Record<string, unknown>, over: Partial<ConditionContext> = {}) =>
  evaluateCondition({ type: "", ...condition } as never, ctx(over));

describe("execution conditions", () => {
  it("ExecutionFlow matches namespace and flow id, under its old name too", async () => {
    expect(await check({ type: `${P}ExecutionFlow`, namespace: "company.team", flowId: "extract" })).toBe(true);
    expect(await check({ type: `${P}ExecutionFlow`, namespace: "company.team", flowId: "other" })).toBe(false);
    expect(await check({ type: `${P}ExecutionFlow`, namespace: "company", flowId: "extract" })).toBe(false);
    expect(
      await check({
        type: "io.kestra.core.models.conditions.types.ExecutionFlowCondition",
        namespace: "company.team",
        flowId: "extract",
      }),
    ).toBe(true);
  });

  it("ExecutionStatus reads in and notIn", async () => {
    expect(await check({ type: `${P}ExecutionStatus`, in: [State.FAILED, State.WARNING] })).toBe(true);
    expect(await check({ type: `${P}ExecutionStatus`, in: [State.SUCCESS] })).toBe(false);
    expect(await check({ type: `${P}ExecutionStatus`, notIn: [State.FAILED] })).toBe(false);
    expect(await check({ type: `${P}ExecutionStatus`, notIn: [State.SUCCESS] })).toBe(true);
    expect(await check({ type: `${P}ExecutionStatus`, in: [State.FAILED], notIn: [State.FAILED] })).toBe(false);
  });

  it("HasRetryAttempt matches a retried task run's attempts by in and notIn, under its old name too", async () => {
    const retried = (runs: { attempt: number; state: string }[]) => ({
      execution: { ...upstream, taskRuns: async () => runs.map((r, i) => ({ taskId: `t${i}`, ...r })) },
    });
    // Retried once, then succeeded: attempts FAILED then SUCCESS.
    const once = retried([
      { attempt: 1, state: State.FAILED },
      { attempt: 2, state: State.SUCCESS },
    ]);
    expect(await check({ type: `${P}HasRetryAttempt`, in: [State.FAILED] }, once)).toBe(true);
    expect(await check({ type: `${P}HasRetryAttempt`, in: [State.SUCCESS] }, once)).toBe(true);
    expect(await check({ type: `${P}HasRetryAttempt`, in: [State.WARNING] }, once)).toBe(false);
    expect(await check({ type: `${P}HasRetryAttempt`, in: [State.FAILED], notIn: [State.FAILED] }, once)).toBe(false);
    // As Kestra: without `in` no attempt matches.
    expect(await check({ type: `${P}HasRetryAttempt`, notIn: [State.SUCCESS] }, once)).toBe(false);
    const old = "io.kestra.core.models.conditions.types.HasRetryAttemptCondition";
    expect(await check({ type: old, in: [State.FAILED] }, once)).toBe(true);
    // A task run that failed on its only attempt was not retried.
    const never = retried([{ attempt: 1, state: State.FAILED }]);
    expect(await check({ type: `${P}HasRetryAttempt`, in: [State.FAILED] }, never)).toBe(false);
    await expect(check({ type: `${P}HasRetryAttempt`, in: [State.FAILED] })).rejects.toThrow(
      "HasRetryAttempt needs the execution's task runs",
    );
    expect(ZCondition.safeParse({ type: `${P}HasRetryAttempt`, in: ["NOPE"] }).success).toBe(false);
  });

  it("ExecutionNamespace compares equal by default, by prefix or suffix when asked", async () => {
    expect(await check({ type: `${P}ExecutionNamespace`, namespace: "company.team" })).toBe(true);
    expect(await check({ type: `${P}ExecutionNamespace`, namespace: "company" })).toBe(false);
    expect(await check({ type: `${P}ExecutionNamespace`, namespace: "company", prefix: true })).toBe(true);
    expect(await check({ type: `${P}ExecutionNamespace`, namespace: "company", comparison: "PREFIX" })).toBe(true);
    expect(await check({ type: `${P}ExecutionNamespace`, namespace: ".team", comparison: "SUFFIX" })).toBe(true);
    expect(await check({ type: `${P}ExecutionNamespace`, namespace: "company", comparison: "SUFFIX" })).toBe(false);
  });

  it("ExecutionLabels needs every label, as a map or a list", async () => {
    expect(await check({ type: `${P}ExecutionLabels`, labels: { env: "prod" } })).toBe(true);
    expect(
      await check({
        type: `${P}ExecutionLabels`,
        labels: [
          { key: "env", value: "prod" },
          { key: "team", value: "data" },
        ],
      }),
    ).toBe(true);
    expect(await check({ type: `${P}ExecutionLabels`, labels: { env: "prod", team: "web" } })).toBe(false);
  });

  it("ExecutionOutputs renders its expression with trigger.outputs, and is false without outputs", async () => {
    expect(await check({ type: `${P}ExecutionOutputs`, expression: "{{ trigger.outputs.rows > 10 }}" })).toBe(true);
    expect(await check({ type: `${P}ExecutionOutputs`, expression: "{{ trigger.outputs.rows > 100 }}" })).toBe(false);
    expect(
      await check(
        { type: `${P}ExecutionOutputs`, expression: "{{ true }}" },
        { execution: { ...upstream, outputs: null } },
      ),
    ).toBe(false);
  });

  it("an execution condition with no execution cannot be evaluated", async () => {
    await expect(check({ type: `${P}ExecutionStatus`, in: [State.FAILED] }, { execution: undefined })).rejects.toThrow(
      /looks at an execution/,
    );
  });
});

describe("expression and logic", () => {
  it("Expression is true unless it renders blank or false", async () => {
    expect(await check({ type: `${P}Expression`, expression: "{{ flow.id == 'downstream' }}" })).toBe(true);
    expect(await check({ type: `${P}Expression`, expression: "{{ flow.id == 'nope' }}" })).toBe(false);
    expect(await check({ type: `${P}Expression`, expression: "   " })).toBe(false);
    expect(await check({ type: "io.kestra.core.models.conditions.types.VariableCondition", expression: "yes" })).toBe(
      true,
    );
  });

  it("Not is true when none holds; Or when any holds", async () => {
    const yes = { type: `${P}ExecutionStatus`, in: [State.FAILED] };
    const no = { type: `${P}ExecutionStatus`, in: [State.SUCCESS] };
    expect(await check({ type: `${P}Not`, conditions: [no] })).toBe(true);
    expect(await check({ type: `${P}Not`, conditions: [no, yes] })).toBe(false);
    expect(await check({ type: `${P}Or`, conditions: [no, yes] })).toBe(true);
    expect(await check({ type: `${P}Or`, conditions: [no, no] })).toBe(false);
    expect(await allConditions([yes as never, no as never], ctx())).toBe(false);
    expect(await allConditions([], ctx())).toBe(true);
  });

  it("MultipleCondition is refused outside a windowed evaluation", async () => {
    await expect(check({ type: `${P}MultipleCondition`, id: "m", conditions: {} })).rejects.toThrow(/time window/);
  });
});

describe("date conditions", () => {
  it("PublicHoliday: a country's (or subdivision's) public holidays, on the date's own calendar day", async () => {
    expect(await check({ type: `${P}PublicHoliday`, country: "FR", date: "2024-07-14" })).toBe(true);
    expect(await check({ type: `${P}PublicHoliday`, country: "FR", date: "2024-07-15" })).toBe(false);
    // 23:30 on 13 July in UTC is 14 July in Paris: the date's own offset decides the day.
    expect(await check({ type: `${P}PublicHoliday`, country: "FR", date: "2024-07-13T23:30:00Z" })).toBe(false);
    expect(await check({ type: `${P}PublicHoliday`, country: "FR", date: "2024-07-14T01:30:00+02:00" })).toBe(true);
    // Epiphany is a holiday in Bavaria, not in Germany as a whole.
    expect(await check({ type: `${P}PublicHoliday`, country: "DE", subDivision: "BY", date: "2025-01-06" })).toBe(true);
    expect(await check({ type: `${P}PublicHoliday`, country: "DE", date: "2025-01-06" })).toBe(false);
    await expect(check({ type: `${P}PublicHoliday`, country: "XX", date: "2025-01-06" })).rejects.toThrow(
      /no public holidays known for XX/,
    );
  });

  it("DayWeek and Weekend read trigger.date in its own offset, else now", async () => {
    expect(await check({ type: `${P}DayWeek`, dayOfWeek: "WEDNESDAY" })).toBe(true);
    expect(await check({ type: `${P}Weekend` })).toBe(false);
    // Saturday 00:30 in Paris is still Friday in UTC: the written offset decides.
    const variables = { trigger: { date: "2024-05-18T00:30:00+02:00" } };
    expect(await check({ type: `${P}Weekend` }, { variables })).toBe(true);
    expect(await check({ type: `${P}DayWeek`, dayOfWeek: "SATURDAY" }, { variables })).toBe(true);
    expect(await check({ type: `${P}DayWeek`, dayOfWeek: "SUNDAY", date: "2024-05-19" })).toBe(true);
  });

  it("DayWeekInMonth finds the first, third and last weekday of the month", async () => {
    const on = (date: string, dayOfWeek: string, dayInMonth: string) =>
      check({ type: `${P}DayWeekInMonth`, date, dayOfWeek, dayInMonth });
    expect(await on("2024-05-01", "WEDNESDAY", "FIRST")).toBe(true);
    expect(await on("2024-05-15", "WEDNESDAY", "THIRD")).toBe(true);
    expect(await on("2024-05-15", "WEDNESDAY", "SECOND")).toBe(false);
    expect(await on("2024-05-29", "WEDNESDAY", "LAST")).toBe(true);
    expect(await on("2024-05-22", "WEDNESDAY", "LAST")).toBe(false);
    expect(await on("2024-05-15", "MONDAY", "THIRD")).toBe(false);
  });

  it("DateTimeBetween is strict on each bound given", async () => {
    expect(
      await check({ type: `${P}DateTimeBetween`, after: "2024-05-15T10:00:00Z", before: "2024-05-15T11:00:00Z" }),
    ).toBe(true);
    expect(await check({ type: `${P}DateTimeBetween`, after: "2024-05-15T10:30:00Z" })).toBe(false);
    expect(await check({ type: `${P}DateTimeBetween`, before: "2024-05-15T12:00:00+02:00" })).toBe(false);
    expect(await check({ type: `${P}DateTimeBetween`, before: "2024-05-15T13:00:00+02:00" })).toBe(true);
  });

  it("TimeBetween compares times of day by instant, offsets included", async () => {
    expect(await check({ type: `${P}TimeBetween`, after: "10:00:00Z", before: "11:00:00Z" })).toBe(true);
    expect(await check({ type: `${P}TimeBetween`, after: "11:00:00" })).toBe(false);
    // 12:00+02:00 is 10:00 UTC: 10:30 UTC is after it.
    expect(await check({ type: `${P}TimeBetween`, after: "12:00:00+02:00" })).toBe(true);
    expect(await check({ type: `${P}TimeBetween`, before: "12:00:00+02:00" })).toBe(false);
  });
});

describe("the condition schema", () => {
  const issues = (value: unknown) =>
    ZCondition.safeParse(value).error?.issues.map((i) => `${i.path.join(".")}: ${i.message}`) ?? [];

  it("accepts each type with its properties, old names included, nested ones checked", () => {
    expect(issues({ type: `${P}ExecutionStatus`, in: [State.FAILED] })).toEqual([]);
    expect(issues({ type: "io.kestra.core.models.conditions.types.WeekendCondition" })).toEqual([]);
    expect(
      issues({
        type: `${P}MultipleCondition`,
        id: "both",
        timeWindow: { window: "PT1H" },
        conditions: { a: { type: `${P}ExecutionFlow`, namespace: "n", flowId: "a" } },
      }),
    ).toEqual([]);
    expect(issues({ type: `${P}Not`, conditions: [{ type: `${P}Weekend` }] })).toEqual([]);
  });

  it("refuses an unknown type, a missing property, a bad state, a bad nested condition", () => {
    expect(issues({ type: "io.kestra.plugin.core.condition.Nope" })[0]).toMatch(
      /^type: condition type io.kestra.plugin.core.condition.Nope is a Kestra core type that Osprey does not have/,
    );
    expect(issues({ type: "io.kestra.plugin.foo.Bar" })[0]).toMatch(
      /condition type io.kestra.plugin.foo.Bar belongs to the plugin io.kestra.plugin.foo/,
    );
    expect(issues({ type: `${P}ExecutionFlow`, namespace: "n" })[0]).toMatch(/^flowId: /);
    expect(issues({ type: `${P}ExecutionStatus`, in: ["DONE"] })[0]).toMatch(/^in\.0: /);
    expect(issues({ type: `${P}Or`, conditions: [{ type: `${P}Nope` }] })[0]).toMatch(/^conditions\.0\.type: /);
    expect(issues({ type: `${P}TimeBetween` })[0]).toMatch(/needs after, before or both/);
    expect(issues({ type: `${P}DayWeek`, dayOfWeek: "FUNDAY" })[0]).toMatch(/^dayOfWeek: /);
  });
});
