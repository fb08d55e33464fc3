import { z } from "zod";

/** A backfill as stored on its Trigger row (Kestra's Backfill: start, end, currentDate, paused, inputs, labels). */
export const ZBackfillState = z.object({
  start: z.string(),
  end: z.string(),
  /** The next tick to run; past `end` when done. */
  currentDate: z.string(),
  paused: z.boolean(),
  inputs: z.record(z.string(), z.unknown()).optional(),
  labels: z.array(z.object({ key: z.string(), value: z.string() })).optional(),
});
export type TBackfillState = z.infer<typeof ZBackfillState>;

export function readBackfill(raw: string | null): TBackfillState | null {
  if (!raw) return null;
  const parsed = ZBackfillState.safeParse(JSON.parse(raw));
  return parsed.success ? parsed.data : null;
}
