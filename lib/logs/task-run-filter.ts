import { z } from "zod";

/** Most task runs one log request may name (each is a query parameter; URLs stay well under 16 KB). */
export const MAX_TASK_RUN_IDS = 300;

export const ZTaskRunIds = z
  .array(z.string().min(1).max(100))
  .max(MAX_TASK_RUN_IDS, `at most ${MAX_TASK_RUN_IDS} taskRunId parameters`);

/** Kestra's `?taskRunId=`, which Osprey also takes repeated (one ForEach iteration's task runs). */
export function taskRunIdsOf(request: Request): string[] {
  return ZTaskRunIds.parse(new URL(request.url).searchParams.getAll("taskRunId"));
}
