import "server-only";
import { canIn, type Person, scopeOf } from "../auth/namespace-roles";
import { can } from "../auth/roles";
import type { Db } from "../db/create-client";
import { searchNamespaces } from "../namespaces/namespace-list";
import type { Storage } from "../storage/storage";

/** Most namespaces offered in the "Use" dialog's list; any other may still be typed. */
const OFFERED = 500;

/**
 * Where a person may create a flow from an example: the namespaces that exist and they may write,
 * plus those their grants give them, and whether they may write anywhere (a server-wide role).
 */
export async function writableNamespaces(db: Db, storage: Storage, person: Person) {
  const anywhere = can(person.role, "flow:write");
  const { results } = await searchNamespaces(
    db,
    storage,
    { page: 1, size: OFFERED },
    scopeOf(person, "flow:write"),
    () => false,
  );
  const granted = person.grants.map((g) => g.namespace);
  const namespaces = [...new Set([...results.map((r) => r.id), ...granted])]
    .filter((ns) => canIn(person, "flow:write", ns))
    .sort();
  return { anywhere, namespaces };
}
