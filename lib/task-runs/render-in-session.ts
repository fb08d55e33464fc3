import { textOf } from "../kv/kv-lookup";
import { kvSnapshotFor } from "../kv/kv-snapshot-for";
import { readForTemplate } from "../namespace-files/read-for-template";
import { readKey, type RenderRequest, type RenderResult } from "../template/render-request";
import type { ExecutionSession } from "./execution-session";

/** Most distinct files one render may `read()` (each costs one more round to the template process). */
const MAX_READ_FILES = 20;

/**
 * Renders in one of the template processes with the execution's secrets and output cap; every
 * secret the value read is masked from then on, wherever the render happened. Files `read()` asks
 * for are loaded here (the template process does no I/O) and the render is sent again with them.
 */
export async function renderInSession(
  session: Pick<ExecutionSession, "deps" | "secrets" | "masker" | "execution">,
  request: Omit<RenderRequest, "secrets" | "maxOutputChars" | "kv" | "files">,
): Promise<RenderResult> {
  const { config } = session.deps;
  // kv() reads the store as it is now; only values that call it pay for the read.
  const kv = await kvSnapshotFor(session.deps.db, textOf(request.value), request.vars.flow.namespace);
  const files: Record<string, string> = {};
  let budget = config.OSPREY_TEMPLATE_MAX_OUTPUT_CHARS;
  for (let loaded = 0; ; ) {
    const result = await session.deps.templates.render({
      ...request,
      kv,
      secrets: session.secrets,
      maxOutputChars: config.OSPREY_TEMPLATE_MAX_OUTPUT_CHARS,
      files,
    });
    for (const name of result.usedSecrets) session.masker.add(session.secrets![name]);
    if (!result.missingFiles?.length) return result;
    for (const file of result.missingFiles) {
      if (++loaded > MAX_READ_FILES) throw new Error(`read(): one value may read at most ${MAX_READ_FILES} files`);
      const text = await readForTemplate(
        session.deps,
        { executionId: session.execution.id, namespace: session.execution.namespace },
        file,
        Math.min(budget, config.OSPREY_MAX_NAMESPACE_FILE_BYTES),
      );
      budget -= text.length;
      files[readKey(file)] = text;
    }
  }
}
