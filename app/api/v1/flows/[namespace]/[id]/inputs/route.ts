import { getDb } from "@/lib/db/db";
import { renderExpressionValues } from "@/lib/executions/input-expressions";
import { parseWithManifests } from "@/lib/manifests/parse-with-manifests";
import { getFlow } from "@/lib/flows/get-flow";
import { handleRoute } from "@/lib/http/handle-route";
import { namespaceParam } from "@/lib/http/namespace-of";

export const dynamic = "force-dynamic";

type Ctx = { params: Promise<{ namespace: string; id: string }> };

/** GET — for whoever may run the flow, its current revision's inputs as the Run form shows them: each `expression` rendered into `values`
 *  (with `errors` by input id for those that cannot be). */
export const GET = handleRoute(
  { permission: "execution:run", namespace: namespaceParam("namespace") },
  async (_request, { params }: Ctx) => {
    const { namespace, id } = await params;
    const db = await getDb();
    const flow = await getFlow(db, namespace, id);
    const parsed = await parseWithManifests(db, flow.source);
    if (!parsed.ok) return Response.json({ inputs: [], errors: {} });
    const variables = parsed.flow.variables as Record<string, unknown> | undefined;
    return Response.json(
      await renderExpressionValues(db, { namespace, id, revision: flow.revision, variables }, parsed.flow.inputs ?? []),
    );
  },
);
