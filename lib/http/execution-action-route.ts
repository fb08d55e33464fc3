import type { Actor } from "../auth/actor";
import { AppError } from "../errors/app-error";
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

/** Kestra's `revision` query parameter of restart and replay: a flow revision number, or none. */
export function revisionParam(request: Request): number | undefined {
  const given = new URL(request.url).searchParams.get("revision");
  if (given === null || given === "") return undefined;
  const revision = Number(given);
  if (!Number.isInteger(revision) || revision < 1)
    throw new AppError("BAD_REQUEST", `revision must be a positive whole number, not "${given}"`);
  return revision;
}
