import { getDb } from "@/lib/db/db";
import { ZNamespace } from "@/lib/flow/flow-schema";
import { handleRoute } from "@/lib/http/handle-route";
import { namespaceParam } from "@/lib/http/namespace-of";
import { readTextBody } from "@/lib/http/read-json-body";
import { deleteKvForApi, getKvForApi, putKvFromApi } from "@/lib/kv/kv-api";

export const dynamic = "force-dynamic";

type Ctx = { params: Promise<{ namespace: string; key: string }> };

const read = { permission: "flow:read", namespace: namespaceParam("namespace") } as const;
const write = { permission: "flow:write", namespace: namespaceParam("namespace") } as const;

/** GET — `{type, value}` (Kestra's TypedValue); 404 when missing or expired. */
export const GET = handleRoute(read, async (_request, { params }: Ctx) => {
  const { namespace, key } = await params;
  return Response.json(await getKvForApi(await getDb(), ZNamespace.parse(namespace), key));
});

/** PUT — the body is the value as JSON (text that is not JSON is stored as a string); a `ttl` header (ISO-8601) makes it expire. */
export const PUT = handleRoute(write, async (request, { params }: Ctx) => {
  const { namespace, key } = await params;
  await putKvFromApi(
    await getDb(),
    ZNamespace.parse(namespace),
    key,
    await readTextBody(request),
    request.headers.get("ttl"),
  );
  return new Response(null, { status: 204 });
});

/** DELETE — `true` when the key had a value, as Kestra answers. */
export const DELETE = handleRoute(write, async (_request, { params }: Ctx) => {
  const { namespace, key } = await params;
  return Response.json(await deleteKvForApi(await getDb(), ZNamespace.parse(namespace), key));
});
