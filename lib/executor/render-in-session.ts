import { namespacesToLoad, textOf } from "../kv/kv-lookup";
import { loadKvSnapshot } from "../kv/kv-store";
import type { RenderRequest, RenderResult } from "../template/render-request";
import type { ExecutionSession } from "./execution-session";

/**
 * Renders in one of the template processes with the execution's secrets and output cap; every
 * secret the value read is masked from then on, wherever the render happened.
 */
export async function renderInSession(
  session: Pick<ExecutionSession, "deps" | "secrets" | "masker">,
  request: Omit<RenderRequest, "secrets" | "maxOutputChars" | "kv">,
): Promise<RenderResult> {
  // kv() reads the store as it is now; only values that call it pay for the read.
  const text = textOf(request.value);
  const kv = /\bkv\s*\(/.test(text) ? await loadKvSnapshot(session.deps.db, namespacesToLoad(text, request.vars.flow.namespace)) : undefined;
  const result = await session.deps.templates.render({ ...request, kv, secrets: session.secrets, maxOutputChars: session.deps.config.OSPREY_TEMPLATE_MAX_OUTPUT_CHARS });
  for (const name of result.usedSecrets) session.masker.add(session.secrets![name]);
  return result;
}
