import { State } from "../../states/states";
import type { ExecutionFacts } from "../../plugin-kit/plugin-task";

/** Kestra's ExecutionService.executionMap: what every `*Execution` notification's template reads. */
export interface ExecutionMap {
  duration: string;
  startDate: string;
  link: string | null;
  execution: {
    id: string;
    namespace: string;
    flowId: string;
    state: { current: string; startDate: string; endDate: string | null };
  };
  customMessage?: string;
  customFields?: Record<string, unknown>;
  firstFailed: { taskId: string; error: string | null } | false;
  lastTask: { taskId: string } | null;
}

export interface Customs {
  customMessage?: unknown;
  customFields?: unknown;
}

/**
 * The map from what is stored of the execution. `notifier` is the task run sending the
 * notification: it is not the execution's "final task" (Kestra's lastTask of a current execution).
 */
export function executionMap(facts: ExecutionFacts, customs: Customs, now: Date, notifier?: string): ExecutionMap {
  const runs = facts.taskRuns.filter((r) => r.taskId !== notifier);
  const failed = runs.find((r) => r.state === State.FAILED);
  const last = runs.at(-1);
  const fields = customs.customFields;
  return {
    duration: durationHMS((facts.endDate ?? now).getTime() - facts.startDate.getTime()),
    startDate: facts.startDate.toISOString(),
    link: facts.link,
    execution: {
      id: facts.id,
      namespace: facts.namespace,
      flowId: facts.flowId,
      state: {
        current: facts.state,
        startDate: facts.startDate.toISOString(),
        endDate: facts.endDate?.toISOString() ?? null,
      },
    },
    ...(customs.customMessage == null ? {} : { customMessage: String(customs.customMessage) }),
    ...(isMap(fields) && Object.keys(fields).length > 0 ? { customFields: fields } : {}),
    firstFailed: failed ? { taskId: failed.taskId, error: failed.error } : false,
    lastTask: last ? { taskId: last.taskId } : null,
  };
}

/** Apache Commons' formatDurationHMS, as Kestra prints a duration: HH:mm:ss.SSS. */
export function durationHMS(ms: number): string {
  const total = Math.max(0, Math.round(ms));
  const pad = (n: number, width = 2) => String(n).padStart(width, "0");
  const hours = Math.floor(total / 3_600_000);
  const minutes = Math.floor((total % 3_600_000) / 60_000);
  const seconds = Math.floor((total % 60_000) / 1000);
  return `${pad(hours)}:${pad(minutes)}:${pad(seconds)}.${pad(total % 1000, 3)}`;
}

/** "Succeeded" or "Failed on task `x`", then "after <duration>": the line every template shows. */
export function outcomeLine(map: ExecutionMap): string {
  const what = map.firstFailed === false ? "Succeeded" : `Failed on task \`${map.firstFailed.taskId}\``;
  return `${what} after ${map.duration}`;
}

/** `[namespace] flow ➛ STATE`. */
export function headline(map: ExecutionMap): string {
  return `[${map.execution.namespace}] ${map.execution.flowId} ➛ ${map.execution.state.current}`;
}

export function isMap(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
