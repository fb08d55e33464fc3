import { z } from "zod";
import { getSecretStore } from "@/lib/executor/executor-global";
import { ZNamespace } from "@/lib/flow/flow-schema";
import { handleRoute } from "@/lib/http/handle-route";
import { readJsonBody } from "@/lib/http/read-json-body";

export const dynamic = "force-dynamic";

type Ctx = { params: Promise<{ namespace: string }> };

/** GET — secret names visible from the namespace (own and inherited); values never come back. */
export const GET = handleRoute("secret:write", async (_request, { params }: Ctx) => {
  const namespace = ZNamespace.parse((await params).namespace);
  return Response.json({ namespace, secrets: await (await getSecretStore()).list(namespace) });
});

const ZBody = z.object({ key: z.string().optional(), name: z.string().optional(), value: z.string() }).refine((b) => b.key ?? b.name, "give the secret's name as `key` or `name`");

/** PUT — create or replace a secret: `{"key": "NAME", "value": "…"}` (Kestra's body) or `{"name": …}`. */
export const PUT = handleRoute("secret:write", async (request, { params }: Ctx) => {
  const namespace = ZNamespace.parse((await params).namespace);
  const body = ZBody.parse(await readJsonBody(request));
  await (await getSecretStore()).set(namespace, (body.key ?? body.name)!, body.value);
  return new Response(null, { status: 204 });
});
