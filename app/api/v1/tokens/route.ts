import { z } from "zod";
import { assertMayMintTokens, createApiToken, listApiTokens } from "@/lib/auth/api-tokens";
import { getDb } from "@/lib/db/db";
import { handleRoute } from "@/lib/http/handle-route";
import { readJsonBody } from "@/lib/http/read-json-body";

export const dynamic = "force-dynamic";

/** GET /api/v1/tokens — your API tokens (never the tokens themselves). */
export const GET = handleRoute("signedIn", async (_request, _context, actor) =>
  Response.json({ tokens: await listApiTokens(await getDb(), actor.userId) }),
);

const ZBody = z.object({ name: z.string().trim().min(1).max(100) });

/** POST — `{name}`: a new token, returned once in `token`; it acts with your role. Only on a session, never with a token. */
export const POST = handleRoute("signedIn", async (request, _context, actor) => {
  assertMayMintTokens(actor);
  const { name } = ZBody.parse(await readJsonBody(request));
  return Response.json(await createApiToken(await getDb(), actor, name), { status: 201 });
});
