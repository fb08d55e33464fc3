import { MAX_TASK_RUN_IDS } from "@/lib/logs/task-run-filter";
import { LEVELS } from "./log-store";

export type TimeMode = "local" | "utc" | "off";

/** What the reader chose to see; it lives in the URL, so a link reproduces the view. */
export interface LogViewState {
  levels: string[];
  taskId: string | null;
  /** Task runs to show (one run, or a ForEach iteration's); empty shows all. */
  taskRunIds: string[];
  query: string;
  time: TimeMode;
}

export function readViewState(params: URLSearchParams): LogViewState {
  const levels = (params.get("level") ?? "").split(",").filter((l) => (LEVELS as readonly string[]).includes(l));
  const time = params.get("time");
  return {
    levels,
    taskId: params.get("task") || null,
    taskRunIds: (params.get("taskRunId") ?? "").split(",").filter(Boolean).slice(0, MAX_TASK_RUN_IDS),
    query: params.get("q") ?? "",
    time: time === "utc" || time === "off" ? time : "local",
  };
}

/** The URL query for a view; defaults are left out to keep links short. */
export function writeViewState(state: LogViewState, base: URLSearchParams = new URLSearchParams()): URLSearchParams {
  const params = new URLSearchParams(base);
  const set = (key: string, value: string) => (value ? params.set(key, value) : params.delete(key));
  set("level", state.levels.join(","));
  set("task", state.taskId ?? "");
  set("taskRunId", state.taskRunIds.join(","));
  set("q", state.query);
  set("time", state.time === "local" ? "" : state.time);
  return params;
}

/** `#L42` → 42: the permalinked line. */
export function lineFromHash(hash: string): number | null {
  const m = /^#L(\d+)$/.exec(hash);
  return m ? Number(m[1]) : null;
}
