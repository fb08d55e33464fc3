import type { Db } from "../db/create-client";
import { AppError } from "../errors/app-error";

/** Started by another execution: what `trigger.executionId` names is its parent. */
const CHAINED = new Set(["subflow", "flow"]);

/**
 * How many executions up the chain of parents an execution is (0: started by a person, a schedule,
 * a webhook): Subflow and ForEachItem children and Flow-trigger runs each sit one below the
 * execution that started them. Reads at most `limit` + 1 rows.
 */
export async function executionDepth(db: Db, executionId: string, limit: number): Promise<number> {
  let depth = 0;
  const seen = new Set<string>();
  for (let id: string | undefined = executionId; id && depth <= limit && !seen.has(id); depth++) {
    seen.add(id);
    const row: { trigger: string | null; triggerType: string | null } | null = await db.execution.findUnique({
      where: { id },
      select: { trigger: true, triggerType: true },
    });
    if (!row?.trigger || !CHAINED.has(row.triggerType ?? "")) return depth;
    id = (JSON.parse(row.trigger) as { executionId?: string }).executionId;
  }
  return depth;
}

/**
 * Refuses to start a child past OSPREY_MAX_SUBFLOW_DEPTH: a flow that calls itself (as a Subflow,
 * or through Flow triggers) stops there with a clear error instead of starting executions without end.
 */
export async function assertDepthAllowed(db: Db, parentExecutionId: string, maxDepth: number): Promise<void> {
  const depth = (await executionDepth(db, parentExecutionId, maxDepth)) + 1;
  if (depth > maxDepth) {
    throw new AppError(
      "CONFLICT",
      `executions may start one another at most ${maxDepth} deep (OSPREY_MAX_SUBFLOW_DEPTH): execution ${parentExecutionId} is already ${depth - 1} deep`,
    );
  }
}
