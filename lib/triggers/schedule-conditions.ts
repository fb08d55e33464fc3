import type { ExecutorDeps } from "../deps/executor-deps";
import { allConditions } from "./conditions/evaluate-condition";
import type { TCondition } from "../flow/condition-schema";
import type { ScheduleConditions } from "./schedule-context";
import { triggerRenderer } from "./trigger-render";

/**
 * A Schedule's `conditions` (DayWeek, TimeBetween, Expression, …) checked at each tick, against the
 * tick's date: a tick whose conditions do not all hold starts nothing.
 */
export function scheduleConditions(deps: Pick<ExecutorDeps, "templates" | "config">): ScheduleConditions {
  const render = triggerRenderer(deps);
  return async (schedule, tick) => {
    const conditions = (schedule.conditions ?? []) as unknown as TCondition[];
    if (conditions.length === 0) return true;
    const variables = {
      flow: { namespace: tick.namespace, id: tick.flowId },
      trigger: { date: tick.date.toISOString() },
    };
    return allConditions(conditions, {
      now: tick.date,
      flow: { namespace: tick.namespace, id: tick.flowId },
      variables,
      render: render.text,
    }).catch(() => false);
  };
}
