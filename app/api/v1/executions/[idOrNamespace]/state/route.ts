import { z } from "zod";
import { getDb } from "@/lib/db/db";
import { AppError } from "@/lib/errors/app-error";
import { MARKABLE, markTaskRunAs } from "@/lib/executions/mark-task-run";
import { executionActionRoute } from "@/lib/http/execution-action-route";
import { readJsonBody } from "@/lib/http/read-json-body";
import { getExecutor } from "@/lib/server/executor-global";

export const dynamic = "force-dynamic";

const ZStateRequest = z.object({ taskRunId: z.string().min(1), state: z.enum(MARKABLE) });

/**
 * POST /api/v1/executions/{executionId}/state {taskRunId, state} — an ended task run is marked SUCCESS,
 * WARNING or FAILED by hand and the execution goes on from there (Kestra's "change status").
 */
export const POST = executionActionRoute("state", async (request, executionId, actor) => {
  const body = ZStateRequest.safeParse(await readJsonBody(request));
  if (!body.success)
    throw new AppError("BAD_REQUEST", `expected {"taskRunId": "…", "state": "${MARKABLE.join(" | ")}"}`);
  const [db, executor] = await Promise.all([getDb(), getExecutor()]);
  const marked = await markTaskRunAs(db, executionId, body.data.taskRunId, body.data.state, actor.email);
  executor.wake();
  return Response.json(marked, { status: 202 });
});
