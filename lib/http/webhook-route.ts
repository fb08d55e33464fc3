import { clientAddress } from "../auth/client-address";
import { listOf } from "../config";
import { AppError } from "../errors/app-error";
import type { ExecutorDeps } from "../deps/executor-deps";
import type { RateLimiter } from "../rate-limit/db-rate-limiter";
import { matchWebhook, startFromWebhook, webhookNotFound } from "../triggers/webhook-start";
import { errorResponse } from "./handle-route";
import { readBoundedBody } from "./read-body";

type Ctx = { params: Promise<{ namespace: string; flowId: string; key: string }> };

export interface WebhookRouteDeps {
  deps: Pick<ExecutorDeps, "db" | "templates" | "config">;
  /** Accepted calls (right key) per flow: OSPREY_WEBHOOK_PER_MINUTE. */
  limiter: RateLimiter;
  /** Refused calls (wrong key, or no such flow) per client address: OSPREY_WEBHOOK_FAILED_PER_MINUTE. */
  failedLimiter: RateLimiter;
  /** Tells the executor a new execution is waiting. */
  wake: () => void;
}

/**
 * GET/POST/PUT …/executions/webhook/{namespace}/{flowId}/{key}: public, the key is the credential.
 * The key is checked first. A refused call counts against its client address only, and answers as
 * a missing flow does (404, same body) until that address is over its limit, then 429: so callers
 * without the key, however many, never use up the flow's own limit, which counts accepted calls.
 */
export function createWebhookHandler(resolve: () => Promise<WebhookRouteDeps>) {
  return async (request: Request, { params }: Ctx): Promise<Response> => {
    try {
      const { namespace, flowId, key } = await params;
      const { deps, limiter, failedLimiter, wake } = await resolve();
      const match = await matchWebhook(deps, { namespace, flowId, key }).catch(async (err: unknown) => {
        if (!AppError.is(err) || err.code !== "NOT_FOUND") throw err;
        const address = clientAddress(request, listOf(deps.config.OSPREY_TRUSTED_PROXIES));
        if (!(await failedLimiter.take(address))) {
          throw new AppError(
            "TOO_MANY_REQUESTS",
            "too many webhook calls with a wrong key or for a missing flow from your address (OSPREY_WEBHOOK_FAILED_PER_MINUTE); try again in a minute",
          );
        }
        throw webhookNotFound(namespace, flowId);
      });
      if (!(await limiter.take(`${namespace}/${flowId}`))) {
        throw new AppError(
          "TOO_MANY_REQUESTS",
          `too many webhook calls for ${namespace}.${flowId} (OSPREY_WEBHOOK_PER_MINUTE); try again in a minute`,
        );
      }
      const body =
        request.method === "GET"
          ? Buffer.alloc(0)
          : await readBoundedBody(request, deps.config.OSPREY_WEBHOOK_MAX_BODY_BYTES, "a webhook body");
      const execution = await startFromWebhook(deps, match, {
        namespace,
        flowId,
        key,
        headers: request.headers,
        url: new URL(request.url),
        body,
      });
      wake();
      // Kestra answers with the execution it created.
      return Response.json({
        id: execution.id,
        namespace,
        flowId,
        flowRevision: execution.flowRevision,
        state: { current: execution.state },
        trigger: {
          id: execution.triggerId,
          type: "io.kestra.plugin.core.trigger.Webhook",
          variables: JSON.parse(execution.trigger ?? "{}") as unknown,
        },
      });
    } catch (err) {
      return errorResponse(err);
    }
  };
}
