import { z } from "zod";
import { getSecretStore } from "@/lib/server/executor-global";
import { ZNamespace } from "@/lib/flow/flow-schema";
import { handleRoute } from "@/lib/http/handle-route";
import { namespaceParam } from "@/lib/http/namespace-of";
import { readJsonBody } from "@/lib/http/read-json-body";

export const dynamic = "force-dynamic";

type Ctx = { params: Promise<{ namespace: string }> };

const guard = { permission: "secret:write", namespace: namespaceParam("namespace") } as const;

/**
 * GET — secret names visible from the namespace (own and inherited); values never come back. Only
 * those defined where the caller may manage secrets are listed (not a parent outside their grants).
 */
export const GET = handleRoute(guard, async (_request, { params }: Ctx, _actor, scope) => {
  const namespace = ZNamespace.parse((await params).namespace);
  const secrets = await (await getSecretStore()).list(namespace);
  return Response.json({ namespace, secrets: secrets.filter((s) => scope.allows(s.namespace)) });
});

const ZBody = z
  .object({ key: z.string().optional(), name: z.string().optional(), value: z.string() })
  .refine((b) => b.key ?? b.name, "give the secret's name as `key` or `name`");

/** PUT — create or replace a secret: `{"key": "NAME", "value": "…"}` (Kestra's body) or `{"name": …}`. */
export const PUT = handleRoute(guard, async (request, { params }: Ctx) => {
  const namespace = ZNamespace.parse((await params).namespace);
  const body = ZBody.parse(await readJsonBody(request));
  await (await getSecretStore()).set(namespace, (body.key ?? body.name)!, body.value);
  return new Response(null, { status: 204 });
});
