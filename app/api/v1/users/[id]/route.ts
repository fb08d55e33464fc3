import { deleteUser, updateUser, ZUserPatch } from "@/lib/auth/users";
import { getDb } from "@/lib/db/db";
import { handleRoute } from "@/lib/http/handle-route";
import { readJsonBody } from "@/lib/http/read-json-body";

export const dynamic = "force-dynamic";

type Ctx = { params: Promise<{ id: string }> };

/** PATCH — `{role?, banned?}`; the user's sessions end so the change holds at once. */
export const PATCH = handleRoute("user:manage", async (request, { params }: Ctx, actor) => {
  const patch = ZUserPatch.parse(await readJsonBody(request));
  return Response.json(await updateUser(await getDb(), actor, (await params).id, patch));
});

export const DELETE = handleRoute("user:manage", async (_request, { params }: Ctx, actor) => {
  await deleteUser(await getDb(), actor, (await params).id);
  return new Response(null, { status: 204 });
});
