import type { Db } from "../db/create-client";
import { namespaceChain } from "../secrets/namespaces";
import { type Allowance, reaches, reachesByDefault, sharesByDefault } from "./namespace-reach";

/**
 * The one check for everything a flow does on its own in a namespace (Subflow, ForEachItem, Resume,
 * Toggle, log.Fetch, KV, namespace files, Flow triggers): whether a flow of `from` may reach
 * `target`. It acts with the rights of its namespace, never of whoever can reach that namespace.
 * Within its own namespace no query is made; else one indexed read of the allowances of `target`
 * and its parents, read each time so that an admin's change holds at once on every server.
 */
export async function mayReach(db: Db, from: string, target: string): Promise<boolean> {
  if (reachesByDefault(from, target)) return true;
  return (await reachOf(db, target))(from);
}

/**
 * Who may reach `target`, read once: for a caller that asks about many flows at once (a Flow
 * trigger's listeners after an execution ends).
 */
export async function reachOf(db: Db, target: string): Promise<(from: string) => boolean> {
  const allowances: Allowance[] = await db.namespaceAllowance.findMany({
    where: { namespace: { in: namespaceChain(target) } },
    select: { namespace: true, allowed: true },
  });
  return (from) => reaches(allowances, from, target);
}

/** For a namespace's KV store and files: its parents too (`sharesByDefault`), besides what `mayReach` allows. */
export async function mayShare(db: Db, from: string, target: string): Promise<boolean> {
  return sharesByDefault(from, target) || mayReach(db, from, target);
}
