import { getDb } from "@/lib/db/db";
import { getLogBus } from "@/lib/logs/log-bus";
import { resumeExecution } from "@/lib/executions/resume-execution";
import { executionActionRoute } from "@/lib/http/execution-action-route";
import { readInputs } from "@/lib/http/create-execution-route";

export const dynamic = "force-dynamic";

/** POST /api/v1/executions/{executionId}/resume — a paused execution goes on; the body holds the Pause's onResume inputs. */
export const POST = executionActionRoute("resume", async (request, executionId) => {
  const resumed = await resumeExecution(await getDb(), executionId, await readInputs(request), getLogBus());
  return Response.json(resumed, { status: 202 });
});
