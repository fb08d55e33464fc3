import { getAuth } from "@/lib/auth/auth-global";
import { createUser, listUsers, ZNewUser } from "@/lib/auth/users";
import { getDb } from "@/lib/db/db";
import { handleRoute } from "@/lib/http/handle-route";
import { readJsonBody } from "@/lib/http/read-json-body";

export const dynamic = "force-dynamic";

/** GET /api/v1/users — every account with its role (admins only). */
export const GET = handleRoute("user:manage", async () => Response.json({ users: await listUsers(await getDb()) }));

/** POST /api/v1/users — `{email, name, role, password}`: an admin makes an account. */
export const POST = handleRoute("user:manage", async (request) => {
  const input = ZNewUser.parse(await readJsonBody(request));
  return Response.json(await createUser(await getDb(), await getAuth(), input), { status: 201 });
});
