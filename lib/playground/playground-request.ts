import { z } from "zod";
import { MAX_FLOW_SOURCE_BYTES } from "../flow/parse-flow";

/**
 * A playground run (POST /api/v1/playground/{namespace}/{flowId}): the editor's flow as it stands,
 * unsaved, and the top-level task to run. `upTo` runs every task up to it from the start; `task`
 * runs it alone, the tasks before it taken as they ended in this person's latest playground run.
 */
export const ZPlaygroundRun = z
  .object({
    source: z.string().min(1).max(MAX_FLOW_SOURCE_BYTES),
    taskId: z.string().min(1).max(200),
    mode: z.enum(["task", "upTo"]).default("upTo"),
    /** Inputs for a run from the start (defaults fill the rest); a `task` run keeps the earlier run's. */
    inputs: z.record(z.string(), z.unknown()).default({}),
  })
  .strict();
export type TPlaygroundRun = z.infer<typeof ZPlaygroundRun>;
