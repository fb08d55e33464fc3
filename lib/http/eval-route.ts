import "server-only";
import { actorOf } from "../auth/authorize";
import { canIn } from "../auth/namespace-roles";
import { config } from "../config";
import { getDb } from "../db/db";
import { AppError } from "../errors/app-error";
import { evalExpression, MAX_EXPRESSION_BYTES } from "../executions/eval-expression";
import { DbRateLimiter } from "../rate-limit/db-rate-limiter";
import { getSecretStore } from "../server/executor-global";
import { getStorage } from "../storage/storage-global";
import { getTemplateRenderer } from "../template/template-global";
import { createExecutionRoute } from "./create-execution-route";
import { handleRoute } from "./handle-route";
import { executionNamespace } from "./namespace-of";
import { readBoundedBody } from "./read-body";

/** Expressions one person may evaluate per minute: each takes a template process that tasks share. */
const EVALS_PER_MINUTE = 60;

type Ctx = { params: Promise<{ idOrNamespace: string; taskRunId?: string }> };

/**
 * POST /api/v1/executions/{executionId}/eval[/{taskRunId}] (Kestra's debug outputs): the body is
 * the expression as text; the answer is `{result}` or `{error, position}` with status 200.
 * Whoever may read the execution may evaluate against it, a limited number of times a minute.
 */
export const evalRoute = handleRoute(
  { permission: "execution:read", namespace: executionNamespace("idOrNamespace") },
  async (request, { params }: Ctx, actor) => {
    const { idOrNamespace: executionId, taskRunId } = await params;
    const db = await getDb();
    if (!(await new DbRateLimiter(db, "eval", EVALS_PER_MINUTE, 60_000).take(actor.userId)))
      throw new AppError("TOO_MANY_REQUESTS", `at most ${EVALS_PER_MINUTE} expressions a minute; try again shortly`);
    const expression = (await readBoundedBody(request, MAX_EXPRESSION_BYTES, "an expression")).toString("utf8");
    const deps = {
      db,
      config,
      secrets: await getSecretStore(),
      storage: getStorage(),
      templates: getTemplateRenderer(),
    };
    return Response.json(await evalExpression(deps, actor, executionId, taskRunId, expression));
  },
);

const runFlowNamedEval = createExecutionRoute("eval");

/**
 * POST /api/v1/executions/{x}/eval also runs the flow `eval` of namespace x (the path the two
 * share): an execution x is evaluated against; else a person who may run flows in x runs the flow;
 * anyone else is answered as for a missing execution (404), which says nothing about x.
 */
export async function evalOrRunRoute(request: Request, context: Ctx): Promise<Response> {
  const id = (await context.params).idOrNamespace;
  if ((await (await getDb()).execution.count({ where: { id } })) > 0) return evalRoute(request, context);
  const actor = await actorOf(request.headers);
  if (actor && canIn(actor, "execution:run", id)) return runFlowNamedEval(request, context);
  return evalRoute(request, context);
}
