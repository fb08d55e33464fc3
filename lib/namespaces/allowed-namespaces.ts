import { z } from "zod";
import type { Actor } from "../auth/actor";
import type { Db } from "../db/create-client";
import { ZNamespace } from "../flow/flow-schema";
import { ANY_NAMESPACE } from "./namespace-reach";

/** A namespace whose flows may reach the target (and those below it), or `*` for any. */
export const ZAllowedNamespace = z.union([z.literal(ANY_NAMESPACE), ZNamespace]);

/** PUT body, Kestra EE's shape: the whole list of a namespace's allowed namespaces (it replaces the list). */
export const ZAllowedNamespaces = z.object({
  allowedNamespaces: z
    .array(z.object({ namespace: ZAllowedNamespace }).strict())
    .max(200)
    .refine((list) => new Set(list.map((a) => a.namespace)).size === list.length, "each namespace may appear once"),
});
export type TAllowedNamespaces = z.infer<typeof ZAllowedNamespaces>;

const FIELDS = { allowed: true, createdBy: true, createdAt: true } as const;

/** The namespaces allowed to reach `namespace`, with who allowed each. */
export async function listAllowedNamespaces(db: Db, namespace: string) {
  const rows = await db.namespaceAllowance.findMany({
    where: { namespace },
    select: FIELDS,
    orderBy: { allowed: "asc" },
  });
  return rows.map(({ allowed, ...rest }) => ({ namespace: allowed, ...rest }));
}

/**
 * Replaces the namespaces allowed to reach `namespace`. Checks read the table each time, so the
 * change holds at once (a Flow trigger hears the next execution that ends); one that stays keeps
 * who first allowed it.
 */
export async function setAllowedNamespaces(
  db: Db,
  actor: Pick<Actor, "email">,
  namespace: string,
  input: TAllowedNamespaces,
) {
  const wanted = input.allowedNamespaces.map((a) => a.namespace);
  await db.$transaction(async (tx) => {
    await tx.namespaceAllowance.deleteMany({ where: { namespace, allowed: { notIn: wanted } } });
    for (const allowed of wanted) {
      await tx.namespaceAllowance.upsert({
        where: { namespace_allowed: { namespace, allowed } },
        create: { namespace, allowed, createdBy: actor.email },
        update: {},
      });
    }
  });
  return listAllowedNamespaces(db, namespace);
}

/** Every namespace that allows others, with its list: what the Settings page shows. */
export async function listAllAllowances(db: Db): Promise<{ namespace: string; allowed: string[] }[]> {
  const rows = await db.namespaceAllowance.findMany({
    select: { namespace: true, allowed: true },
    orderBy: [{ namespace: "asc" }, { allowed: "asc" }],
  });
  const byNamespace = new Map<string, string[]>();
  for (const row of rows) byNamespace.set(row.namespace, [...(byNamespace.get(row.namespace) ?? []), row.allowed]);
  return [...byNamespace].map(([namespace, allowed]) => ({ namespace, allowed }));
}
