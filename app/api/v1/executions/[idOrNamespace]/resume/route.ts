import { getDb } from "@/lib/db/db";
import { getLogBus } from "@/lib/logs/log-bus";
import { resumeExecution } from "@/lib/executions/resume-execution";
import { executionActionRoute } from "@/lib/http/execution-action-route";
import { readResumeInputs } from "@/lib/http/create-execution-route";
import { getStorage } from "@/lib/storage/storage-global";

export const dynamic = "force-dynamic";

/**
 * POST /api/v1/executions/{executionId}/resume — a paused execution goes on; the body holds the Pause's
 * onResume inputs (JSON, or a form whose file parts are stored under the execution).
 */
export const POST = executionActionRoute("resume", async (request, executionId) => {
  const { inputs, discard } = await readResumeInputs(getStorage(), executionId, request);
  try {
    const resumed = await resumeExecution(await getDb(), executionId, inputs, getLogBus());
    return Response.json(resumed, { status: 202 });
  } catch (err) {
    await discard();
    throw err;
  }
});
