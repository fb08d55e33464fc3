import { getDb } from "../db/db";
import { createExecution } from "../executor/create-execution";
import { getExecutor } from "../executor/executor-global";
import { AppError } from "../errors/app-error";
import { handleRoute } from "./handle-route";
import { namespaceParam } from "./namespace-of";
import { withBoundedBody } from "./read-body";
import { MAX_JSON_BODY_BYTES, readJsonBody } from "./read-json-body";

type Ctx = { params: Promise<{ idOrNamespace: string; flowId?: string }> };

/**
 * POST /api/v1/executions/{namespace}/{flowId}: run the flow's current revision. Inputs come as a
 * JSON object, form fields (Kestra's multipart form) or nothing. `fixedFlowId` serves the static
 * folders (kill, file) that share the path.
 */
export function createExecutionRoute(fixedFlowId?: string) {
  return handleRoute({ permission: "execution:run", namespace: namespaceParam("idOrNamespace") }, async (request: Request, { params }: Ctx, actor) => {
    const p = await params;
    const namespace = p.idOrNamespace;
    const flowId = fixedFlowId ?? p.flowId!;
    const inputs = await readInputs(request);
    const [db, executor] = await Promise.all([getDb(), getExecutor()]);
    // Kestra's run-time labels: ?labels=key:value, repeated.
    const labels = new URL(request.url).searchParams.getAll("labels").map((l) => {
      const at = l.indexOf(":");
      if (at <= 0) throw new AppError("BAD_REQUEST", `label "${l}" must be key:value`);
      return { key: l.slice(0, at), value: l.slice(at + 1) };
    });
    const execution = await createExecution(db, namespace, flowId, inputs, actor.email, { labels });
    executor.wake();
    return Response.json({ id: execution.id, namespace, flowId, flowRevision: execution.flowRevision, state: execution.state }, { status: 201 });
  });
}

/** Inputs of a request: a JSON object (or `{inputs: …}`), form fields, or none. */
export async function readInputs(request: Request): Promise<Record<string, unknown>> {
  const type = (request.headers.get("content-type") ?? "").split(";")[0].trim();
  if (type === "application/json") {
    const body = await readJsonBody(request);
    if (body === null || typeof body !== "object" || Array.isArray(body)) throw new AppError("BAD_REQUEST", "inputs must be a JSON object");
    const inputs = (body as { inputs?: unknown }).inputs ?? body;
    return inputs as Record<string, unknown>;
  }
  if (type === "multipart/form-data" || type === "application/x-www-form-urlencoded") {
    const bounded = await withBoundedBody(request, MAX_JSON_BODY_BYTES, "a form body");
    const form = await bounded.formData().catch(() => {
      throw new AppError("BAD_REQUEST", "the form body could not be read");
    });
    return Object.fromEntries([...form.entries()].map(([k, v]) => [k, typeof v === "string" ? v : v.name]));
  }
  return {};
}
