import { z } from "zod";
import { KESTRA_STATE_NAMES } from "../states/states";
import { canonicalType } from "./aliases";
import { ZId, ZLabelsInput } from "./task-types/common";
import { unavailableTypeMessage } from "./unavailable-type";

const P = "io.kestra.plugin.core.condition.";
/** Kestra's state names, those Osprey never enters included (they never match). */
export const STATE_NAMES = KESTRA_STATE_NAMES;
const ZStateName = z.enum(STATE_NAMES);
const DAYS = ["MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY"] as const;

/** `HH:mm[:ss]` with an optional offset (`Z`, `+02:00`), as Kestra's OffsetTime. */
export const ZTimeOfDay = z
  .string()
  .regex(/^\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/, "must be a time such as 14:00:00 or 14:00:00+02:00");
const ZDateTime = z.union([
  z.string().refine((s) => !Number.isNaN(Date.parse(s)), "must be an ISO-8601 date-time"),
  z.date(),
]);
/** The date a date condition looks at: `{{ trigger.date }}` by default (the moment of evaluation where there is none). */
const date = z
  .string()
  .optional()
  .describe("Expression giving the date to check. Default `{{ trigger.date }}`, else now.");

export const ZTimeWindow = z
  .object({
    type: z
      .enum(["DURATION_WINDOW", "SLIDING_WINDOW", "DAILY_TIME_DEADLINE", "DAILY_TIME_WINDOW"])
      .default("DURATION_WINDOW"),
    window: z.string().optional().describe("Length of the window (ISO-8601), default P1D."),
    windowAdvance: z.string().optional().describe("Shift of the window's start (DURATION_WINDOW)."),
    deadline: ZTimeOfDay.optional(),
    startTime: ZTimeOfDay.optional(),
    endTime: ZTimeOfDay.optional(),
  })
  .strict()
  .superRefine((w, ctx) => {
    if (w.type === "DAILY_TIME_DEADLINE" && !w.deadline)
      ctx.addIssue({ code: "custom", path: ["deadline"], message: "DAILY_TIME_DEADLINE needs a deadline" });
    if (w.type === "DAILY_TIME_WINDOW" && !(w.startTime && w.endTime))
      ctx.addIssue({ code: "custom", path: ["startTime"], message: "DAILY_TIME_WINDOW needs startTime and endTime" });
  });
export type TTimeWindow = z.infer<typeof ZTimeWindow>;

/** Each condition type Osprey evaluates, by its canonical name, with the properties Kestra gives it. */
const SHAPES = {
  ExecutionFlow: { namespace: z.string().min(1), flowId: z.string().min(1) },
  ExecutionStatus: { in: z.array(ZStateName).optional(), notIn: z.array(ZStateName).optional() },
  // Kestra's test: an attempt matches only when `in` lists its state, so without `in` nothing does.
  HasRetryAttempt: { in: z.array(ZStateName).optional(), notIn: z.array(ZStateName).optional() },
  ExecutionNamespace: {
    namespace: z.string().min(1),
    comparison: z.enum(["EQUALS", "PREFIX", "SUFFIX"]).optional(),
    prefix: z.boolean().optional(),
  },
  ExecutionLabels: { labels: ZLabelsInput },
  ExecutionOutputs: { expression: z.string().min(1) },
  Expression: { expression: z.string().min(1) },
  MultipleCondition: {
    id: ZId,
    conditions: z
      .record(
        z.string(),
        z.lazy(() => ZCondition),
      )
      .refine((m) => Object.keys(m).length > 0, "needs at least one condition"),
    timeWindow: ZTimeWindow.optional(),
    window: z.string().optional(),
    windowAdvance: z.string().optional(),
    resetOnSuccess: z.boolean().optional(),
  },
  DayWeek: { date, dayOfWeek: z.enum(DAYS) },
  DayWeekInMonth: { date, dayOfWeek: z.enum(DAYS), dayInMonth: z.enum(["FIRST", "SECOND", "THIRD", "FOURTH", "LAST"]) },
  DateTimeBetween: { date, after: ZDateTime.optional(), before: ZDateTime.optional() },
  TimeBetween: { date, after: ZTimeOfDay.optional(), before: ZTimeOfDay.optional() },
  Weekend: { date },
  PublicHoliday: {
    date,
    country: z.string().optional().describe("ISO 3166-1 code, e.g. FR. Default: the server's locale's country."),
    subDivision: z.string().optional().describe("A subdivision of the country, e.g. BY (Bavaria)."),
  },
  Not: { conditions: z.array(z.lazy(() => ZCondition)).min(1) },
  Or: { conditions: z.array(z.lazy(() => ZCondition)).min(1) },
} satisfies Record<string, z.ZodRawShape>;

export type ConditionName = keyof typeof SHAPES;
export const CONDITION_TYPES = Object.keys(SHAPES).map((name) => P + name);

/** Each condition type's schema, by its short name (the namespace-reach test walks them). */
export const CONDITION_SCHEMAS = Object.fromEntries(
  Object.entries(SHAPES).map(([name, shape]) => [
    name,
    z
      .object({ type: z.string(), description: z.string().optional(), ...shape })
      .strict()
      .superRefine((c, ctx) => {
        const between = c as { after?: unknown; before?: unknown };
        if (
          (name === "DateTimeBetween" || name === "TimeBetween") &&
          between.after === undefined &&
          between.before === undefined
        ) {
          ctx.addIssue({ code: "custom", message: `${name} needs after, before or both` });
        }
      }),
  ]),
) as unknown as Record<ConditionName, z.ZodType>;

/** The short name (`ExecutionStatus`) of a condition type written with any of its names, or undefined. */
export function conditionName(type: string): ConditionName | undefined {
  const canonical = canonicalType(type);
  if (!canonical.startsWith(P)) return undefined;
  const name = canonical.slice(P.length);
  return Object.hasOwn(SHAPES, name) ? (name as ConditionName) : undefined;
}

/**
 * A trigger condition: its type (old names accepted) and its properties checked against that
 * type, so a condition Osprey cannot evaluate is refused at save rather than ignored at run time.
 */
export const ZCondition: z.ZodType<TCondition> = z
  .looseObject({ type: z.string().describe("Condition type, `io.kestra.plugin.core.condition.…`.") })
  .superRefine((condition, ctx) => {
    const name = conditionName(condition.type);
    if (!name) {
      ctx.addIssue({
        code: "custom",
        path: ["type"],
        message: unavailableTypeMessage("condition", condition.type, canonicalType(condition.type), CONDITION_TYPES),
      });
      return;
    }
    const result = CONDITION_SCHEMAS[name].safeParse(condition);
    if (!result.success)
      for (const issue of result.error.issues)
        ctx.addIssue({ code: "custom", path: issue.path as (string | number)[], message: issue.message });
  })
  .describe("A condition on what starts the flow (`io.kestra.plugin.core.condition.…`).");

/** A condition as written: its type and its properties (checked by ZCondition). */
export type TCondition = { type: string } & Record<string, unknown>;
