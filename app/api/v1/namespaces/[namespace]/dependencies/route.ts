import { getDb } from "@/lib/db/db";
import { ZNamespace } from "@/lib/flow/flow-schema";
import { handleRoute } from "@/lib/http/handle-route";
import { namespaceParam } from "@/lib/http/namespace-of";
import { namespaceDependencies } from "@/lib/namespaces/namespace-dependencies";
import { visibleGraph } from "@/lib/namespaces/namespace-dependencies-graph";

export const dynamic = "force-dynamic";

type Ctx = { params: Promise<{ namespace: string }> };

/**
 * GET — Kestra's FlowTopologyGraph of the namespace: `{nodes: [{uid, namespace, id}], edges:
 * [{source, target, relation: FLOW_TASK | FLOW_TRIGGER}]}`, across namespaces; flows in
 * namespaces the caller may not read are left out.
 */
export const GET = handleRoute(
  { permission: "flow:read", namespace: namespaceParam("namespace") },
  async (_request, { params }: Ctx, _actor, scope) => {
    const namespace = ZNamespace.parse((await params).namespace);
    return Response.json(visibleGraph(await namespaceDependencies(await getDb(), namespace), scope.allows));
  },
);
