import type { Actor } from "../auth/actor";
import { getDb } from "../db/db";
import { createExecutionRoute } from "./create-execution-route";
import { handleRoute } from "./handle-route";
import { executionNamespace } from "./namespace-of";

type Ctx = { params: Promise<{ idOrNamespace: string }> };

/**
 * POST /api/v1/executions/{executionId}/<action> (Kestra's restart, replay, resume) shares its path
 * with POST /api/v1/executions/{namespace}/{flowId}: when the first segment names an execution it is
 * the action, otherwise it runs the flow whose id is the action's name, as Kestra routes it.
 */
export function executionActionRoute(
  action: string,
  handler: (request: Request, executionId: string, actor: Actor) => Promise<Response>,
) {
  const run = createExecutionRoute(action);
  const act = handleRoute(
    { permission: "execution:run", namespace: executionNamespace("idOrNamespace") },
    async (request, { params }: Ctx, actor) => handler(request, (await params).idOrNamespace, actor),
  );
  return async (request: Request, context: Ctx): Promise<Response> => {
    const id = (await context.params).idOrNamespace;
    const isExecution = (await (await getDb()).execution.count({ where: { id } })) > 0;
    return isExecution ? act(request, context) : run(request, context);
  };
}
