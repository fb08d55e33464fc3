import { clientAddress } from "../auth/client-address";
import { listOf } from "../config";
import { AppError } from "../errors/app-error";
import type { ExecutorDeps } from "../deps/executor-deps";
import type { RateLimiter } from "../rate-limit/db-rate-limiter";
import { matchWebhook, startFromWebhook, webhookNotFound } from "../triggers/webhook-start";
import { errorResponse } from "./handle-route";
import { readBoundedBody } from "./read-body";
import { waitedAnswer, waitForExecutionEnd } from "../triggers/webhook-answer";
import { toBool } from "../values/values";

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
      // `when` rendered false: nothing started, as Kestra answers.
      if (!execution) return new Response(null, { status: 204 });
      wake();
      const summary = (state: string) => ({
        id: execution.id,
        namespace,
        flowId,
        flowRevision: execution.flowRevision,
        state: { current: state },
        trigger: {
          id: execution.triggerId,
          type: "io.kestra.plugin.core.trigger.Webhook",
          variables: JSON.parse(execution.trigger ?? "{}") as unknown,
        },
      });
      // Kestra answers with the execution it created, or with `wait` once it ends.
      if (!toBool(match.trigger.wait, "wait", false)) return Response.json(summary(execution.state));
      const ended = await waitForExecutionEnd(
        deps.db,
        execution.id,
        request.signal,
        deps.config.OSPREY_WEBHOOK_WAIT_SECONDS * 1000,
      );
      if (!ended)
        throw new AppError(
          "GATEWAY_TIMEOUT",
          `execution ${execution.id} did not end within ${deps.config.OSPREY_WEBHOOK_WAIT_SECONDS} s (OSPREY_WEBHOOK_WAIT_SECONDS); it goes on`,
        );
      const answer = waitedAnswer(ended, summary(ended.state), {
        returnOutputs: toBool(match.trigger.returnOutputs, "returnOutputs", false),
        contentType: match.trigger.responseContentType,
        status: match.trigger.responseCode === undefined ? undefined : Number(match.trigger.responseCode),
      });
      return new Response(answer.body, { status: answer.status, headers: { "Content-Type": answer.contentType } });
    } catch (err) {
      return errorResponse(err);
    }
  };
}
