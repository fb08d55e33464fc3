import { getDb } from "@/lib/db/db";
import { createFlowFromExample, ZUseExample } from "@/lib/examples/create-flow-from-example";
import { handleRoute } from "@/lib/http/handle-route";
import { readJsonBody } from "@/lib/http/read-json-body";

export const dynamic = "force-dynamic";

type Ctx = { params: Promise<{ id: string }> };

/**
 * POST {namespace, id} — creates a flow from the example in that namespace (the caller must be able
 * to write flows there), as saving a flow does; 201 `{namespace, id, revision}`, 409 when it exists.
 */
export const POST = handleRoute(
  { permission: "flow:write", namespaces: "visible" },
  async (request, { params }: Ctx, actor) => {
    const target = ZUseExample.parse(await readJsonBody(request));
    const saved = await createFlowFromExample(await getDb(), actor, (await params).id, target, actor.email);
    return Response.json(saved, { status: 201 });
  },
);
