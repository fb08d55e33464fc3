import { AppError } from "../errors/app-error";
import type { ExecutorDeps } from "../executor/executor-deps";
import type { RateLimiter } from "../rate-limit/db-rate-limiter";
import { startFromWebhook } from "../triggers/webhook-start";
import { errorResponse } from "./handle-route";
import { readBoundedBody } from "./read-body";

type Ctx = { params: Promise<{ namespace: string; flowId: string; key: string }> };

export interface WebhookRouteDeps {
  deps: Pick<ExecutorDeps, "db" | "templates" | "config">;
  limiter: RateLimiter;
  /** Tells the executor a new execution is waiting. */
  wake: () => void;
}

/**
 * GET/POST/PUT …/executions/webhook/{namespace}/{flowId}/{key}: public, the key is the credential.
 * The limit counts calls per flow path before anything is looked up, so a flow that does not exist
 * answers exactly as one that does when the key is wrong (404, same body), and a 429 as well.
 */
export function createWebhookHandler(resolve: () => Promise<WebhookRouteDeps>) {
  return async (request: Request, { params }: Ctx): Promise<Response> => {
    try {
      const { namespace, flowId, key } = await params;
      const { deps, limiter, wake } = await resolve();
      if (!(await limiter.take(`${namespace}/${flowId}`))) {
        throw new AppError("TOO_MANY_REQUESTS", `too many webhook calls for ${namespace}.${flowId} (OSPREY_WEBHOOK_PER_MINUTE); try again in a minute`);
      }
      const body = request.method === "GET" ? Buffer.alloc(0) : await readBoundedBody(request, deps.config.OSPREY_WEBHOOK_MAX_BODY_BYTES, "a webhook body");
      const execution = await startFromWebhook(deps, { namespace, flowId, key, headers: request.headers, url: new URL(request.url), body });
      wake();
      // Kestra answers with the execution it created.
      return Response.json({
        id: execution.id,
        namespace,
        flowId,
        flowRevision: execution.flowRevision,
        state: { current: execution.state },
        trigger: { id: execution.triggerId, type: "io.kestra.plugin.core.trigger.Webhook", variables: JSON.parse(execution.trigger ?? "{}") as unknown },
      });
    } catch (err) {
      return errorResponse(err);
    }
  };
}
