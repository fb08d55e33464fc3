import { getDb } from "@/lib/db/db";
import { deleteFlow } from "@/lib/flows/delete-flow";
import { getFlow } from "@/lib/flows/get-flow";
import { saveFlow } from "@/lib/flows/save-flow";
import { visibleSource } from "@/lib/flows/visible-source";
import { handleRoute } from "@/lib/http/handle-route";
import { namespaceParam } from "@/lib/http/namespace-of";
import { readYamlBody } from "@/lib/http/read-yaml-body";

export const dynamic = "force-dynamic";

type Ctx = { params: Promise<{ namespace: string; id: string }> };

const inNamespace = namespaceParam("namespace");

/** GET — the flow's current revision; `?source=true` returns the YAML exactly as saved (webhook keys masked below editor). */
export const GET = handleRoute(
  { permission: "flow:read", namespace: inNamespace },
  async (request, { params }: Ctx, actor) => {
    const { namespace, id } = await params;
    const flow = await getFlow(await getDb(), namespace, id);
    const source = visibleSource(actor, namespace, flow.source);
    if (new URL(request.url).searchParams.get("source") === "true") {
      return new Response(source, { headers: { "Content-Type": "application/x-yaml; charset=utf-8" } });
    }
    return Response.json({
      namespace: flow.namespace,
      id: flow.flowId,
      revision: flow.revision,
      savedBy: flow.savedBy,
      source,
      updated: flow.updatedAt,
    });
  },
);

/** PUT — save a new revision. */
export const PUT = handleRoute(
  { permission: "flow:write", namespace: inNamespace },
  async (request, { params }: Ctx, actor) => {
    const { namespace, id } = await params;
    const saved = await saveFlow(
      await getDb(),
      await readYamlBody(request),
      { create: false, namespace, id },
      actor.email,
    );
    return Response.json(saved);
  },
);

export const DELETE = handleRoute(
  { permission: "flow:write", namespace: inNamespace },
  async (_request, { params }: Ctx) => {
    const { namespace, id } = await params;
    await deleteFlow(await getDb(), namespace, id);
    return new Response(null, { status: 204 });
  },
);
