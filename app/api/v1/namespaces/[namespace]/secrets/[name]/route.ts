import { readTextBody } from "@/lib/http/read-json-body";
import { getSecretStore } from "@/lib/server/executor-global";
import { ZNamespace } from "@/lib/flow/flow-schema";
import { handleRoute } from "@/lib/http/handle-route";
import { namespaceParam } from "@/lib/http/namespace-of";

export const dynamic = "force-dynamic";

type Ctx = { params: Promise<{ namespace: string; name: string }> };

const guard = { permission: "secret:write", namespace: namespaceParam("namespace") } as const;

/** PUT with the value as the plain-text body. */
export const PUT = handleRoute(guard, async (request, { params }: Ctx) => {
  const { namespace, name } = await params;
  await (await getSecretStore()).set(ZNamespace.parse(namespace), name, await readTextBody(request));
  return new Response(null, { status: 204 });
});

export const DELETE = handleRoute(guard, async (_request, { params }: Ctx) => {
  const { namespace, name } = await params;
  await (await getSecretStore()).delete(ZNamespace.parse(namespace), name);
  return new Response(null, { status: 204 });
});
