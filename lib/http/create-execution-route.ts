import { Readable } from "node:stream";
import { config } from "../config";
import { getDb } from "../db/db";
import { createExecutionWithFiles, type UploadedFile } from "../executions/create-execution-with-files";
import { getExecutor, getSecretStore } from "../server/executor-global";
import { AppError } from "../errors/app-error";
import { getStorage } from "../storage/storage-global";
import type { Storage } from "../storage/storage";
import { inputFileKey, storeInputFile } from "../files/input-files";
import { handleRoute } from "./handle-route";
import { namespaceParam } from "./namespace-of";
import { withBoundedBody } from "./read-body";
import { scheduleDateOf } from "./schedule-date";
import { MAX_JSON_BODY_BYTES, readJsonBody } from "./read-json-body";

type Ctx = { params: Promise<{ idOrNamespace: string; flowId?: string }> };

/**
 * POST /api/v1/executions/{namespace}/{flowId}: run the flow's current revision. Inputs come as a
 * JSON object, form fields with FILE inputs as file parts (Kestra's multipart form), or nothing.
 * `fixedFlowId` serves the static folders (kill, file) that share the path.
 */
export function createExecutionRoute(fixedFlowId?: string) {
  return handleRoute(
    { permission: "execution:run", namespace: namespaceParam("idOrNamespace") },
    async (request: Request, { params }: Ctx, actor) => {
      const p = await params;
      const namespace = p.idOrNamespace;
      const flowId = fixedFlowId ?? p.flowId!;
      const given = await readRunRequest(request, config.OSPREY_MAX_INPUT_FILE_BYTES);
      const [db, executor, secrets] = await Promise.all([getDb(), getExecutor(), getSecretStore()]);
      // Kestra's run-time labels: ?labels=key:value, repeated.
      const labels = new URL(request.url).searchParams.getAll("labels").map((l) => {
        const at = l.indexOf(":");
        if (at <= 0) throw new AppError("BAD_REQUEST", `label "${l}" must be key:value`);
        return { key: l.slice(0, at), value: l.slice(at + 1) };
      });
      const execution = await createExecutionWithFiles(
        { db, storage: getStorage(), secrets },
        namespace,
        flowId,
        given,
        actor.email,
        { labels, scheduledFor: scheduleDateOf(request) },
      );
      executor.wake();
      return Response.json(
        { id: execution.id, namespace, flowId, flowRevision: execution.flowRevision, state: execution.state },
        { status: 201 },
      );
    },
  );
}

/**
 * A run's inputs: a JSON object (or `{inputs: …}`), form fields and file parts, or none. A
 * multipart form is bounded by one file's limit plus the JSON limit, each file by `maxFileBytes`;
 * a url-encoded form by the JSON limit.
 */
export async function readRunRequest(
  request: Request,
  maxFileBytes: number,
): Promise<{ fields: Record<string, unknown>; files: UploadedFile[] }> {
  const type = (request.headers.get("content-type") ?? "").split(";")[0].trim();
  if (type === "application/json") {
    const body = await readJsonBody(request);
    if (body === null || typeof body !== "object" || Array.isArray(body))
      throw new AppError("BAD_REQUEST", "inputs must be a JSON object");
    const inputs = (body as { inputs?: unknown }).inputs ?? body;
    if (inputs === null || typeof inputs !== "object" || Array.isArray(inputs))
      throw new AppError("BAD_REQUEST", "inputs must be a JSON object");
    return { fields: inputs as Record<string, unknown>, files: [] };
  }
  if (type === "multipart/form-data" || type === "application/x-www-form-urlencoded") {
    // A url-encoded form has no files: it is held to the JSON limit; a multipart one may carry a file.
    const limit = type === "multipart/form-data" ? maxFileBytes + MAX_JSON_BODY_BYTES : MAX_JSON_BODY_BYTES;
    const bounded = await withBoundedBody(
      request,
      limit,
      type === "multipart/form-data" ? "a run's form (files included)" : "a run's form",
    );
    const form = await bounded.formData().catch(() => {
      throw new AppError("BAD_REQUEST", "the form body could not be read");
    });
    const fields: Record<string, unknown> = {};
    const files: UploadedFile[] = [];
    for (const [key, value] of form.entries()) {
      if (typeof value === "string") {
        // A repeated field is a list (MULTISELECT, ARRAY), as Kestra's form sends it.
        fields[key] = key in fields ? [...[fields[key]].flat(), value] : value;
        continue;
      }
      if (value.size > maxFileBytes)
        throw new AppError(
          "PAYLOAD_TOO_LARGE",
          `file ${value.name} of input ${key} is ${value.size} bytes, more than ${maxFileBytes} (OSPREY_MAX_INPUT_FILE_BYTES)`,
        );
      if (files.some((f) => f.inputId === key))
        throw new AppError("BAD_REQUEST", `input ${key} was given more than one file`);
      files.push({
        inputId: key,
        name: value.name,
        stream: Readable.fromWeb(value.stream() as import("node:stream/web").ReadableStream),
      });
    }
    return { fields, files };
  }
  return { fields: {}, files: [] };
}

/**
 * A resume's `onResume` inputs (Kestra's ExecutionService.readInputs): form fields as given, each file
 * part stored under the paused execution with its URI as the value. `discard` removes those files
 * again when the resume is refused.
 */
export async function readResumeInputs(
  storage: Storage,
  executionId: string,
  request: Request,
): Promise<{ inputs: Record<string, unknown>; discard: () => Promise<void> }> {
  const { fields, files } = await readRunRequest(request, config.OSPREY_MAX_INPUT_FILE_BYTES);
  const stored: string[] = [];
  const discard = async () => {
    for (const key of stored) await storage.delete(key).catch(() => undefined);
  };
  try {
    for (const file of files) {
      fields[file.inputId] = await storeInputFile(storage, executionId, file.inputId, file);
      stored.push(inputFileKey(executionId, file.inputId, file.name));
    }
  } catch (err) {
    await discard();
    throw err;
  }
  return { inputs: fields, discard };
}
