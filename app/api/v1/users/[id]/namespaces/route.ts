import { listGrants, setGrants, ZNamespaceGrants } from "@/lib/auth/namespace-grants";
import { getDb } from "@/lib/db/db";
import { handleRoute } from "@/lib/http/handle-route";
import { readJsonBody } from "@/lib/http/read-json-body";

export const dynamic = "force-dynamic";

type Ctx = { params: Promise<{ id: string }> };

/** GET /api/v1/users/{id}/namespaces — the user's roles on namespace prefixes (admins only). */
export const GET = handleRoute("user:manage", async (_request, { params }: Ctx) =>
  Response.json({ grants: await listGrants(await getDb(), (await params).id) }),
);

/** PUT — `{"grants": [{"namespace": "company.data", "role": "editor"}]}` replaces them all; it holds at once. */
export const PUT = handleRoute("user:manage", async (request, { params }: Ctx, actor) => {
  const input = ZNamespaceGrants.parse(await readJsonBody(request));
  return Response.json({ grants: await setGrants(await getDb(), actor, (await params).id, input) });
});
