import { readBounded, safeRequest } from "../http-client/safe-request";
import type { CoreTaskRunner } from "./core-tasks";
import { allowFailed, checkEncryptBody, httpTaskRequest } from "../http-client/http-task-request";
import { log } from "./task-context";
import { State } from "../states/states";

/**
 * io.kestra.plugin.core.http.Request: `outputs.<id>.code`, `.headers` (name → values), `.body`
 * (the response as text, as Kestra gives it: parse JSON with `json()` or `jq`), `.uri`.
 * A code of 400 or more fails the task unless allowFailed.
 */
export const runHttpRequestTask: CoreTaskRunner = async (ctx, task) => {
  checkEncryptBody(task);
  const request = httpTaskRequest(task, ctx.deps.config, ctx.signal);
  log(ctx, `${request.method} ${request.url}`, "DEBUG", "system");
  const response = await safeRequest(request);
  const body =
    request.method === "HEAD"
      ? null
      : (await readBounded(response.body, ctx.deps.config.OSPREY_HTTP_MAX_RESPONSE_BYTES)).toString("utf8");
  const outputs = { code: response.status, headers: response.headers, body, uri: response.url };
  if (response.status >= 400 && !allowFailed(task))
    return { state: State.FAILED, error: `Failed http request with response code '${response.status}'`, outputs };
  return { state: State.SUCCESS, outputs };
};
