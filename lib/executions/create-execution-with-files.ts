import { randomUUID } from "node:crypto";
import type { Readable } from "node:stream";
import type { Db } from "../db/create-client";
import { AppError } from "../errors/app-error";
import { copyInputFile, parseInputFileUri, storeInputFile } from "../files/input-files";
import { parseFlowCached } from "../flow/parse-flow-cached";
import { getFlow } from "../flows/get-flow";
import type { SecretStore } from "../secrets/secret-store";
import type { Storage } from "../storage/storage";
import { executionPrefix } from "../storage/storage-keys";
import { createExecution, type ExecutionOrigin } from "./create-execution";

/** A file part of a run's form: a FILE input's upload. */
export interface UploadedFile {
  inputId: string;
  name: string;
  stream: Readable;
}

/**
 * Starts a run whose FILE inputs come as uploads (stored under the new execution, the input's
 * value becoming their URI) or as the URI of an earlier run's input file of the same flow (copied:
 * Run again). Files of a run that could not be created are removed again.
 */
export async function createExecutionWithFiles(
  deps: { db: Db; storage: Storage; secrets: Pick<SecretStore, "sealInput"> },
  namespace: string,
  flowId: string,
  given: { fields: Record<string, unknown>; files: UploadedFile[] },
  startedBy: string | undefined,
  origin: Omit<ExecutionOrigin, "id" | "secrets"> = {},
) {
  const flow = await getFlow(deps.db, namespace, flowId);
  const parsed = parseFlowCached(flow.source);
  const fileInputs = new Set(
    parsed.ok ? (parsed.flow.inputs ?? []).filter((i) => i.type === "FILE").map((i) => i.id) : [],
  );
  for (const file of given.files) {
    if (!fileInputs.has(file.inputId))
      throw new AppError("BAD_REQUEST", `input ${file.inputId} is not a FILE input of ${namespace}.${flowId}`);
  }
  const id = randomUUID();
  const inputs: Record<string, unknown> = { ...given.fields };
  try {
    for (const file of given.files) inputs[file.inputId] = await storeInputFile(deps.storage, id, file.inputId, file);
    for (const inputId of fileInputs) {
      const value = given.fields[inputId];
      const earlier = typeof value === "string" ? parseInputFileUri(value) : null;
      if (!earlier) continue;
      await assertSameFlow(deps.db, earlier.executionId, namespace, flowId);
      inputs[inputId] = await copyInputFile(deps.storage, value as string, id, inputId);
    }
    return await createExecution(deps.db, namespace, flowId, inputs, startedBy, {
      ...origin,
      id,
      secrets: deps.secrets,
    });
  } catch (err) {
    // Nothing else is stored under an execution that was never created.
    await deps.storage.deletePrefix(executionPrefix(id));
    throw err;
  }
}

/** An earlier run's file may be reused only by a run of the same flow (whose namespace the caller may run in). */
async function assertSameFlow(db: Db, executionId: string, namespace: string, flowId: string): Promise<void> {
  const row = await db.execution.findUnique({ where: { id: executionId }, select: { namespace: true, flowId: true } });
  if (!row || row.namespace !== namespace || row.flowId !== flowId)
    throw new AppError("NOT_FOUND", `input file of execution ${executionId} not found for ${namespace}.${flowId}`);
}
