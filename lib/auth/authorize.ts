import "server-only";
import { config, listOf } from "../config";
import { getDb } from "../db/db";
import { AppError } from "../errors/app-error";
import type { Actor } from "./actor";
import { actorOfToken } from "./api-tokens";
import { getAuth } from "./auth-global";
import { refusal, type Target } from "./refusal";
import type { Permission } from "./roles";
import { originAllowed } from "./same-origin";
import { bearerToken } from "./token-hash";

/** The signed-in person behind a request: a Bearer API token, else the session cookie. */
export async function actorOf(headers: Headers): Promise<Actor | null> {
  const token = bearerToken(headers.get("authorization"));
  const db = await getDb();
  if (token) return actorOfToken(db, token);
  const session = await (await getAuth()).api.getSession({ headers });
  if (!session) return null;
  const { user } = session;
  // Read on every request, so a grant an admin changes holds at once.
  const grants = await db.namespaceRole.findMany({
    where: { userId: user.id },
    select: { namespace: true, role: true },
  });
  return { userId: user.id, email: user.email, name: user.name, role: user.role ?? "", grants, via: "session" };
}

/**
 * The one authorization path. 401 unless signed in; 403 for a cookie request from another site, or
 * a permission the person holds nowhere. Then, when the route acts in one namespace, `target` is
 * resolved (after those checks, so a weak role is refused before anything is looked up) and the
 * person's role there decides: 403, or 404 for an execution they cannot see (refusal.ts).
 */
export async function authorize(
  request: Request,
  permission: Permission,
  target?: () => Promise<Target>,
): Promise<Actor> {
  const actor = await actorOf(request.headers);
  if (!actor)
    throw new AppError("UNAUTHORIZED", "sign in first, or send an API token as `Authorization: Bearer osp_…`");
  if (
    actor.via === "session" &&
    !originAllowed(request, {
      baseUrl: config.OSPREY_BASE_URL,
      trusted: listOf(config.OSPREY_TRUSTED_ORIGINS),
      trustedProxies: listOf(config.OSPREY_TRUSTED_PROXIES),
    })
  ) {
    throw new AppError(
      "FORBIDDEN",
      "this request did not come from Osprey's own pages (Origin check); scripts should use an API token",
    );
  }
  const refused = refusal(actor, permission) ?? (target ? refusal(actor, permission, await target()) : null);
  if (refused) throw refused;
  return actor;
}
