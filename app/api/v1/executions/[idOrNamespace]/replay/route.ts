import { getDb } from "@/lib/db/db";
import { getExecutor } from "@/lib/server/executor-global";
import { replayExecution } from "@/lib/executions/restart-execution";
import { executionActionRoute, revisionParam } from "@/lib/http/execution-action-route";

export const dynamic = "force-dynamic";

/**
 * POST /api/v1/executions/{executionId}/replay[?taskRunId=][&revision=] — a new execution from that task
 * run (or from the start), with the execution's flow revision or the one given.
 */
export const POST = executionActionRoute("replay", async (request, executionId, actor) => {
  const taskRunId = new URL(request.url).searchParams.get("taskRunId") ?? undefined;
  const [db, executor] = await Promise.all([getDb(), getExecutor()]);
  const replay = await replayExecution(db, executionId, taskRunId, actor.email, revisionParam(request));
  executor.wake();
  return Response.json(replay, { status: 201 });
});
