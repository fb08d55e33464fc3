import { getDb } from "@/lib/db/db";
import { createExecution } from "@/lib/executor/create-execution";
import { getExecutor } from "@/lib/executor/executor-global";
import { handleRoute } from "@/lib/http/handle-route";

export const dynamic = "force-dynamic";

// Kestra's path: POST /api/v1/executions/{namespace}/{flowId}. The first segment shares its folder
// with GET /api/v1/executions/{executionId}, hence its name.
type Ctx = { params: Promise<{ idOrNamespace: string; flowId: string }> };

export const POST = handleRoute(async (_request, { params }: Ctx) => {
  const { idOrNamespace: namespace, flowId } = await params;
  const [db, executor] = await Promise.all([getDb(), getExecutor()]);
  const execution = await createExecution(db, namespace, flowId);
  executor.wake();
  return Response.json(
    { id: execution.id, namespace, flowId, flowRevision: execution.flowRevision, state: execution.state },
    { status: 201 },
  );
});
