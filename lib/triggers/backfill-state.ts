import { z } from "zod";

/** A backfill as stored on its Trigger row (Kestra's Backfill: start, end, currentDate, paused, inputs, labels). */
export const ZBackfillState = z.object({
  /** Names this backfill's executions apart from the schedule's and another backfill's of the same dates (absent on older rows). */
  id: z.string().optional(),
  start: z.string(),
  end: z.string(),
  /** The next tick to run; past `end` when done. */
  currentDate: z.string(),
  paused: z.boolean(),
  inputs: z.record(z.string(), z.unknown()).optional(),
  labels: z.array(z.object({ key: z.string(), value: z.string() })).optional(),
});
export type TBackfillState = z.infer<typeof ZBackfillState>;

/** What tells this backfill's executions apart (see tickExecutionId): its id, or its range on a row stored before ids. */
export function backfillRun(state: TBackfillState): string {
  return `backfill:${state.id ?? `${state.start}/${state.end}`}`;
}

export function readBackfill(raw: string | null): TBackfillState | null {
  if (!raw) return null;
  const parsed = ZBackfillState.safeParse(JSON.parse(raw));
  return parsed.success ? parsed.data : null;
}
