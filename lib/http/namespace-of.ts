import type { Target } from "../auth/refusal";
import { getDb } from "../db/db";
import { AppError } from "../errors/app-error";

type Params<K extends string> = { params: Promise<Record<K, string>> };

/** The namespace the URL names: checked before anything is looked up, so a refusal (403) tells nothing. */
export function namespaceParam<K extends string>(name: K) {
  return async (context: Params<K>): Promise<Target> => ({ namespace: (await context.params)[name] });
}

/**
 * The namespace of the execution the URL names (its logs and files too). One the person has no role
 * in answers exactly as a missing one does.
 */
export function executionNamespace<K extends string>(name: K) {
  return async (context: Params<K>): Promise<Target> => {
    const id = (await context.params)[name];
    const unseen = new AppError("NOT_FOUND", `execution ${id} not found`);
    const row = await (await getDb()).execution.findUnique({ where: { id }, select: { namespace: true } });
    if (!row) throw unseen;
    return { namespace: row.namespace, unseen };
  };
}
