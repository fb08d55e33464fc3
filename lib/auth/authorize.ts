import "server-only";
import { config, listOf } from "../config";
import { getDb } from "../db/db";
import { AppError } from "../errors/app-error";
import type { Actor } from "./actor";
import { actorOfToken } from "./api-tokens";
import { getAuth } from "./auth-global";
import { can, type Permission, weakestRoleFor } from "./roles";
import { originAllowed } from "./same-origin";
import { bearerToken } from "./token-hash";

/** The signed-in person behind a request: a Bearer API token, else the session cookie. */
export async function actorOf(headers: Headers): Promise<Actor | null> {
  const token = bearerToken(headers.get("authorization"));
  if (token) return actorOfToken(await getDb(), token);
  const session = await (await getAuth()).api.getSession({ headers });
  if (!session) return null;
  const { user } = session;
  return { userId: user.id, email: user.email, name: user.name, role: user.role ?? "", via: "session" };
}

/** 401 unless signed in, 403 unless the role holds `permission` or a cookie request comes from elsewhere. */
export async function authorize(request: Request, permission: Permission): Promise<Actor> {
  const actor = await actorOf(request.headers);
  if (!actor) throw new AppError("UNAUTHORIZED", "sign in first, or send an API token as `Authorization: Bearer osp_…`");
  if (actor.via === "session" && !originAllowed(request, { baseUrl: config.OSPREY_BASE_URL, trusted: listOf(config.OSPREY_TRUSTED_ORIGINS) })) {
    throw new AppError("FORBIDDEN", "this request did not come from Osprey's own pages (Origin check); scripts should use an API token");
  }
  if (!can(actor.role, permission)) {
    throw new AppError("FORBIDDEN", `your role (${actor.role || "none"}) cannot do this; it needs ${weakestRoleFor(permission)} or above`);
  }
  return actor;
}
