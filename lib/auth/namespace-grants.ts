import { z } from "zod";
import type { Db } from "../db/create-client";
import { AppError } from "../errors/app-error";
import { ZNamespace } from "../flow/flow-schema";
import type { Actor } from "./actor";

/** Roles a namespace grant may give; admin is about the server (users, settings), not a namespace. */
export const GRANT_ROLES = ["viewer", "editor"] as const;

export const ZNamespaceGrant = z.object({ namespace: ZNamespace, role: z.enum(GRANT_ROLES) });

/** PUT body: the whole set of a user's grants (it replaces what they had); one grant per namespace. */
export const ZNamespaceGrants = z.object({
  grants: z
    .array(ZNamespaceGrant)
    .max(200)
    .refine((gs) => new Set(gs.map((g) => g.namespace)).size === gs.length, "each namespace may appear once"),
});

const GRANT_FIELDS = { namespace: true, role: true, createdBy: true, createdAt: true } as const;

export async function listGrants(db: Db, userId: string) {
  await userExists(db, userId);
  return db.namespaceRole.findMany({ where: { userId }, select: GRANT_FIELDS, orderBy: { namespace: "asc" } });
}

/**
 * Replaces a user's grants. Grants are read on every request, so a change holds at once without
 * ending the user's sessions; a namespace that stays keeps who first granted it.
 */
export async function setGrants(db: Db, actor: Actor, userId: string, input: z.infer<typeof ZNamespaceGrants>) {
  await userExists(db, userId);
  await db.$transaction(async (tx) => {
    await tx.namespaceRole.deleteMany({
      where: { userId, namespace: { notIn: input.grants.map((g) => g.namespace) } },
    });
    for (const g of input.grants) {
      await tx.namespaceRole.upsert({
        where: { userId_namespace: { userId, namespace: g.namespace } },
        create: { userId, namespace: g.namespace, role: g.role, createdBy: actor.email },
        update: { role: g.role },
      });
    }
  });
  return listGrants(db, userId);
}

async function userExists(db: Db, userId: string) {
  if (!(await db.user.findUnique({ where: { id: userId }, select: { id: true } })))
    throw new AppError("NOT_FOUND", `no user ${userId}`);
}
