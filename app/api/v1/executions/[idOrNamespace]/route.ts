import { getDb } from "@/lib/db/db";
import { getExecution } from "@/lib/executions/get-execution";
import { handleRoute } from "@/lib/http/handle-route";
import { executionNamespace } from "@/lib/http/namespace-of";

export const dynamic = "force-dynamic";

type Ctx = { params: Promise<{ idOrNamespace: string }> };

/** GET /api/v1/executions/{executionId} — the execution with its task runs and states. */
export const GET = handleRoute(
  { permission: "execution:read", namespace: executionNamespace("idOrNamespace") },
  async (_request, { params }: Ctx) => {
    const { idOrNamespace: executionId } = await params;
    const { source: _source, ...execution } = await getExecution(await getDb(), executionId);
    return Response.json(execution);
  },
);
