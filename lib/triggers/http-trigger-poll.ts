import { isTruthy } from "../engine/truth";
import type { THttpTrigger } from "../flow/trigger-schemas";
import { httpTaskRequest } from "../http-client/http-task-request";
import { readBounded, safeRequest } from "../http-client/safe-request";
import type { PollStep } from "./poll-types";

/** Properties of the trigger that describe the request (rendered before it is sent). */
const REQUEST_KEYS = ["uri", "method", "headers", "body", "formData", "contentType", "options"] as const;

/**
 * The http.Trigger's own part of a poll (the claim, conditions and start are trigger-poll.ts's): the
 * request is made under an admin's settings (failed status codes included: the condition decides),
 * and when `responseCondition` holds the execution gets the response as `trigger.*` (Kestra's
 * Request output: uri, code, headers, body).
 */
export const pollHttp: PollStep = async (run) => {
  const trigger = run.trigger as THttpTrigger;
  const props: Record<string, unknown> = {};
  for (const key of REQUEST_KEYS) if (trigger[key] !== undefined) props[key] = trigger[key];
  const request = httpTaskRequest(await run.render(props), run.config, run.signal);
  const response = await safeRequest(request);
  const body =
    request.method === "HEAD"
      ? null
      : (await readBounded(response.body, run.config.OSPREY_HTTP_MAX_RESPONSE_BYTES)).toString("utf8");
  const responseVars = { statusCode: response.status, body, headers: response.headers };
  if (!isTruthy(await run.renderText(trigger.responseCondition, { response: responseVars }))) return null;
  // encryptBody: Osprey has no key to keep the body encrypted, so it is not kept at all.
  return {
    variables: {
      uri: response.url,
      code: response.status,
      headers: response.headers,
      ...(trigger.encryptBody ? {} : { body }),
    },
  };
};
