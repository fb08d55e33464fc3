import { getDb } from "@/lib/db/db";
import { ZNamespace } from "@/lib/flow/flow-schema";
import { handleRoute } from "@/lib/http/handle-route";
import { readJsonBody } from "@/lib/http/read-json-body";
import { listAllowedNamespaces, setAllowedNamespaces, ZAllowedNamespaces } from "@/lib/namespaces/allowed-namespaces";

export const dynamic = "force-dynamic";

type Ctx = { params: Promise<{ namespace: string }> };

/** GET /api/v1/namespaces/{namespace}/allowed-namespaces — which namespaces' flows may reach this one (admins). */
export const GET = handleRoute("settings:write", async (_request, { params }: Ctx) => {
  const namespace = ZNamespace.parse((await params).namespace);
  return Response.json({ namespace, allowedNamespaces: await listAllowedNamespaces(await getDb(), namespace) });
});

/** PUT — `{"allowedNamespaces": [{"namespace": "team.a"}, {"namespace": "*"}]}` replaces the list; it holds at once. */
export const PUT = handleRoute("settings:write", async (request, { params }: Ctx, actor) => {
  const namespace = ZNamespace.parse((await params).namespace);
  const input = ZAllowedNamespaces.parse(await readJsonBody(request));
  return Response.json({
    namespace,
    allowedNamespaces: await setAllowedNamespaces(await getDb(), actor, namespace, input),
  });
});
