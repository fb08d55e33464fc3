import { getDb } from "@/lib/db/db";
import { createExecutionRoute } from "@/lib/http/create-execution-route";
import { getExecutor } from "@/lib/server/executor-global";
import { killExecution } from "@/lib/executions/kill-execution";
import { handleRoute } from "@/lib/http/handle-route";
import { executionNamespace } from "@/lib/http/namespace-of";

export const dynamic = "force-dynamic";

type Ctx = { params: Promise<{ idOrNamespace: string }> };

/** DELETE /api/v1/executions/{executionId}/kill — containers are killed and removed, state KILLED. */
export const DELETE = handleRoute(
  { permission: "execution:run", namespace: executionNamespace("idOrNamespace") },
  async (_request, { params }: Ctx, actor) => {
    const { idOrNamespace: executionId } = await params;
    const [db, executor] = await Promise.all([getDb(), getExecutor()]);
    return Response.json(await killExecution(db, executor, executionId, actor.email), { status: 202 });
  },
);

// This static folder shadows POST /api/v1/executions/{namespace}/kill for a flow whose id is "kill".
export const POST = createExecutionRoute("kill");
