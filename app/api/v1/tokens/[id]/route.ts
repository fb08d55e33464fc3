import { revokeApiToken } from "@/lib/auth/api-tokens";
import { getDb } from "@/lib/db/db";
import { handleRoute } from "@/lib/http/handle-route";

export const dynamic = "force-dynamic";

type Ctx = { params: Promise<{ id: string }> };

/** DELETE — revoke a token: it stops working at once. */
export const DELETE = handleRoute("signedIn", async (_request, { params }: Ctx, actor) => {
  await revokeApiToken(await getDb(), actor, (await params).id);
  return new Response(null, { status: 204 });
});
