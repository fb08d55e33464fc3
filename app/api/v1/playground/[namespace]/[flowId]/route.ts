import { getDb } from "@/lib/db/db";
import { handleRoute } from "@/lib/http/handle-route";
import { namespaceParam } from "@/lib/http/namespace-of";
import { readJsonBody } from "@/lib/http/read-json-body";
import { assertMayRunDraft } from "@/lib/playground/draft-access";
import { ZPlaygroundRun } from "@/lib/playground/playground-request";
import { runInPlayground } from "@/lib/playground/run-in-playground";
import { getExecutor, getSecretStore } from "@/lib/server/executor-global";
import { getStorage } from "@/lib/storage/storage-global";

export const dynamic = "force-dynamic";

type Ctx = { params: Promise<{ namespace: string; flowId: string }> };

/**
 * POST /api/v1/playground/{namespace}/{flowId}: runs the editor's unsaved flow up to one top-level
 * task (or that task alone), as an execution of kind PLAYGROUND (Kestra's `kind=PLAYGROUND`). Body:
 * `{source, taskId, mode: "upTo" | "task", inputs?}`. Answers 201 with the execution's id.
 */
export const POST = handleRoute(
  { permission: "execution:run", namespace: namespaceParam("namespace") },
  async (request: Request, { params }: Ctx, actor) => {
    const { namespace, flowId } = await params;
    const body = ZPlaygroundRun.parse(await readJsonBody(request));
    const db = await getDb();
    await assertMayRunDraft(db, actor, namespace, flowId);
    const secrets = await getSecretStore();
    const execution = await runInPlayground(
      { db, storage: getStorage(), secrets },
      namespace,
      flowId,
      body,
      actor.email,
    );
    (await getExecutor()).wake();
    return Response.json(
      {
        id: execution.id,
        namespace,
        flowId,
        flowRevision: execution.flowRevision,
        state: execution.state,
        kind: execution.kind,
        reusedFrom: execution.reusedFrom,
      },
      { status: 201 },
    );
  },
);
