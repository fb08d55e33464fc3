import { z } from "zod";
import type { Db } from "../db/create-client";
import { AppError } from "../errors/app-error";
import type { Actor } from "./actor";
import type { Auth } from "./create-auth";
import { ZGlobalRole } from "./roles";

const USER_FIELDS = { id: true, email: true, name: true, role: true, banned: true, createdAt: true } as const;

/** Every account with its roles on namespaces. */
export function listUsers(db: Db) {
  return db.user.findMany({
    select: { ...USER_FIELDS, grants: { select: { namespace: true, role: true }, orderBy: { namespace: "asc" } } },
    orderBy: { createdAt: "asc" },
  });
}

export const ZNewUser = z.object({
  email: z.email().max(254),
  name: z.string().trim().min(1).max(100),
  /** `none`: only what namespace grants give (PUT /api/v1/users/{id}/namespaces). */
  role: ZGlobalRole,
  password: z.string().min(12, "a password needs at least 12 characters").max(256),
});

/** An admin makes an account (there is no self sign-up). */
export async function createUser(db: Db, auth: Auth, input: z.infer<typeof ZNewUser>) {
  if (await db.user.findUnique({ where: { email: input.email.toLowerCase() } })) {
    throw new AppError("CONFLICT", `a user with email ${input.email} already exists`);
  }
  // Server-side call without request headers: better-auth hashes the password (scrypt) and stores the account.
  const { user } = await auth.api.createUser({ body: input });
  return db.user.findUniqueOrThrow({ where: { id: user.id }, select: USER_FIELDS });
}

export const ZUserPatch = z.object({ role: ZGlobalRole.optional(), banned: z.boolean().optional() });

/** Changes a role or bans (signs out and locks) a user; an admin cannot lock themselves out, nor remove the last admin. */
export async function updateUser(db: Db, actor: Actor, id: string, patch: z.infer<typeof ZUserPatch>) {
  const user = await db.user.findUnique({ where: { id } });
  if (!user) throw new AppError("NOT_FOUND", `no user ${id}`);
  const losesAdmin = user.role === "admin" && ((patch.role && patch.role !== "admin") || patch.banned === true);
  if (losesAdmin) await assertNotLastAdmin(db, actor, user.id);
  const updated = await db.user.update({ where: { id }, data: patch, select: USER_FIELDS });
  // A role change or a ban takes effect at once: the user's sessions end.
  if (patch.banned || (patch.role && patch.role !== user.role)) await db.session.deleteMany({ where: { userId: id } });
  return updated;
}

export async function deleteUser(db: Db, actor: Actor, id: string): Promise<void> {
  const user = await db.user.findUnique({ where: { id } });
  if (!user) throw new AppError("NOT_FOUND", `no user ${id}`);
  if (user.role === "admin") await assertNotLastAdmin(db, actor, user.id);
  await db.user.delete({ where: { id } }); // sessions, passwords and tokens go with it
}

async function assertNotLastAdmin(db: Db, actor: Actor, userId: string) {
  if (actor.userId === userId)
    throw new AppError("CONFLICT", "you cannot remove your own admin rights; ask another admin");
  if ((await db.user.count({ where: { role: "admin", banned: { not: true } } })) <= 1) {
    throw new AppError("CONFLICT", "this is the last admin; make another admin first");
  }
}
