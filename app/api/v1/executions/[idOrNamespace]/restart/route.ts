import { getDb } from "@/lib/db/db";
import { getExecutor } from "@/lib/server/executor-global";
import { restartExecution } from "@/lib/executions/restart-execution";
import { executionActionRoute, revisionParam } from "@/lib/http/execution-action-route";

export const dynamic = "force-dynamic";

/**
 * POST /api/v1/executions/{executionId}/restart[?revision=] — a FAILED or KILLED execution goes on from
 * its failed tasks, with its own flow revision or the one given.
 */
export const POST = executionActionRoute("restart", async (request, executionId, actor) => {
  const [db, executor] = await Promise.all([getDb(), getExecutor()]);
  const restarted = await restartExecution(db, executionId, actor.email, revisionParam(request));
  executor.wake();
  return Response.json(restarted, { status: 202 });
});
