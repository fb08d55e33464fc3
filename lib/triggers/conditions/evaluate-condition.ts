import { defaultCountry, isPublicHoliday } from "./public-holidays";
import { toLabelList } from "../../flow/labels";
import { State } from "../../states/states";
import {
  type ConditionContext,
  ConditionError,
  type ConditionExecution,
  type ConditionTaskRun,
  renderedTrue,
} from "./condition-context";
import {
  dayOfWeek,
  localDate,
  momentTimeOfDaySeconds,
  parseMoment,
  timeOfDaySeconds,
  weekdayRank,
  type ZonedMoment,
} from "./condition-dates";
import { conditionName, type TCondition } from "../../flow/condition-schema";

/**
 * Whether one condition holds, as Kestra's `Condition.test`. MultipleCondition is not a test of one
 * moment (it counts over a time window): flow triggers evaluate it with its window state instead.
 */
export async function evaluateCondition(condition: TCondition, ctx: ConditionContext): Promise<boolean> {
  const c = condition as Record<string, unknown>;
  const name = conditionName(condition.type);
  switch (name) {
    case "ExecutionFlow": {
      const e = executionOf(ctx, name);
      return e.namespace === c.namespace && e.flowId === c.flowId;
    }
    case "ExecutionStatus": {
      const state = executionOf(ctx, name).state;
      const inList = c.in as string[] | undefined;
      const notIn = c.notIn as string[] | undefined;
      return (!inList || inList.includes(state)) && !notIn?.includes(state);
    }
    case "HasRetryAttempt": {
      const load = executionOf(ctx, name).taskRuns;
      if (!load)
        throw new ConditionError("HasRetryAttempt needs the execution's task runs, and they are not known here");
      const inList = (c.in as string[] | undefined) ?? [];
      const notIn = (c.notIn as string[] | undefined) ?? [];
      return (await load()).some(
        (run) => run.attempt > 1 && attemptStates(run).some((s) => inList.includes(s) && !notIn.includes(s)),
      );
    }
    case "ExecutionNamespace": {
      const namespace = executionOf(ctx, name).namespace;
      const comparison = (c.comparison as string | undefined) ?? (c.prefix === true ? "PREFIX" : "EQUALS");
      const wanted = c.namespace as string;
      return comparison === "PREFIX"
        ? namespace.startsWith(wanted)
        : comparison === "SUFFIX"
          ? namespace.endsWith(wanted)
          : namespace === wanted;
    }
    case "ExecutionLabels": {
      const have = executionOf(ctx, name).labels;
      return toLabelList(c.labels).every((l) => have.some((h) => h.key === l.key && h.value === l.value));
    }
    case "ExecutionOutputs": {
      const outputs = executionOf(ctx, name).outputs;
      // No outputs: false without rendering, as Kestra.
      if (!outputs || Object.keys(outputs).length === 0) return false;
      const trigger = { ...((ctx.variables.trigger as Record<string, unknown> | undefined) ?? {}), outputs };
      return renderedTrue(await ctx.render(c.expression as string, { ...ctx.variables, trigger }));
    }
    case "Expression":
      return renderedTrue(await ctx.render(c.expression as string, ctx.variables));
    case "DayWeek":
      return dayOfWeek(localDate(await dateOf(c, ctx))) === c.dayOfWeek;
    case "DayWeekInMonth": {
      const day = localDate(await dateOf(c, ctx));
      if (dayOfWeek(day) !== c.dayOfWeek) return false;
      const { nth, last } = weekdayRank(day);
      const wanted = c.dayInMonth as string;
      return wanted === "LAST" ? last : ["FIRST", "SECOND", "THIRD", "FOURTH"].indexOf(wanted) + 1 === nth;
    }
    case "PublicHoliday":
      return isPublicHoliday(
        localDate(await dateOf(c, ctx)),
        c.country ? String(c.country) : defaultCountry(),
        c.subDivision ? String(c.subDivision) : undefined,
      );
    case "Weekend": {
      const day = dayOfWeek(localDate(await dateOf(c, ctx)));
      return day === "SATURDAY" || day === "SUNDAY";
    }
    case "DateTimeBetween": {
      const at = (await dateOf(c, ctx)).epochMs;
      const bound = (v: unknown) => (v instanceof Date ? v.getTime() : parseMoment(String(v)).epochMs);
      return between(
        at,
        c.after === undefined ? undefined : bound(c.after),
        c.before === undefined ? undefined : bound(c.before),
      );
    }
    case "TimeBetween": {
      const at = momentTimeOfDaySeconds(await dateOf(c, ctx));
      return between(
        at,
        c.after === undefined ? undefined : timeOfDaySeconds(String(c.after)),
        c.before === undefined ? undefined : timeOfDaySeconds(String(c.before)),
      );
    }
    case "Not":
      for (const sub of c.conditions as TCondition[]) if (await evaluateCondition(sub, ctx)) return false;
      return true;
    case "Or":
      for (const sub of c.conditions as TCondition[]) if (await evaluateCondition(sub, ctx)) return true;
      return false;
    case "MultipleCondition":
      throw new ConditionError(
        "MultipleCondition counts executions over a time window: only a Flow trigger can use it",
      );
    default:
      throw new ConditionError(`condition type ${condition.type} is not available in Osprey`);
  }
}

/**
 * The state each attempt of a task run ended in: Osprey retries only a failed attempt, so every
 * attempt but the last ended FAILED (Kestra keeps a retried attempt's FAILED); the last is the run's.
 */
export function attemptStates(run: ConditionTaskRun): string[] {
  return [...Array.from({ length: run.attempt - 1 }, () => State.FAILED), run.state];
}

/** Every condition holds (none: true). */
export async function allConditions(conditions: readonly TCondition[], ctx: ConditionContext): Promise<boolean> {
  for (const condition of conditions) if (!(await evaluateCondition(condition, ctx))) return false;
  return true;
}

/** Strictly after and strictly before, each only when given (Kestra's isAfter/isBefore). */
function between(at: number, after: number | undefined, before: number | undefined): boolean {
  return (after === undefined || at > after) && (before === undefined || at < before);
}

function executionOf(ctx: ConditionContext, name: string): ConditionExecution {
  if (!ctx.execution)
    throw new ConditionError(`${name} looks at an execution, and there is none here (use it on a Flow trigger)`);
  return ctx.execution;
}

/** The condition's `date` rendered, else `{{ trigger.date }}`, else the moment of evaluation. */
async function dateOf(c: Record<string, unknown>, ctx: ConditionContext): Promise<ZonedMoment> {
  if (typeof c.date === "string") return parseMoment(await ctx.render(c.date, ctx.variables));
  const triggerDate = (ctx.variables.trigger as Record<string, unknown> | undefined)?.date;
  if (typeof triggerDate === "string") return parseMoment(triggerDate);
  return { epochMs: ctx.now.getTime(), offsetMinutes: 0 };
}
