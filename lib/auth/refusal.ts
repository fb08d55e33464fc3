import { AppError } from "../errors/app-error";
import { canIn, canSomewhere, type Person, roleIn } from "./namespace-roles";
import { isNamespaced, type Permission, weakestRoleFor } from "./roles";

/** The namespace a request acts in, once its resource is known. */
export interface Target {
  namespace: string;
  /**
   * For a resource named only by its id (an execution, its logs and files): what a person with no
   * role in its namespace is told, the same "not found" as for an id that does not exist, so ids
   * outside their namespaces leak neither existence nor namespace. Without it (the URL names the
   * namespace, so refusing tells nothing new) the answer is 403.
   */
  unseen?: AppError;
}

/**
 * Why a person may not do `permission` (in `target`'s namespace when given), or null when they may.
 * Without a target: whether they hold it anywhere, so a refusal comes before any lookup.
 */
export function refusal(person: Person, permission: Permission, target?: Target): AppError | null {
  const weakest = weakestRoleFor(permission);
  if (!canSomewhere(person, permission)) {
    const where = person.grants.length > 0 && isNamespaced(permission) ? " (server-wide or on a namespace)" : "";
    return new AppError(
      "FORBIDDEN",
      `your role (${person.role || "none"}) cannot do this; it needs ${weakest} or above${where}`,
    );
  }
  if (!target || !isNamespaced(permission)) return null;
  const role = roleIn(target.namespace, person);
  if (role === null && target.unseen) return target.unseen;
  if (canIn(person, permission, target.namespace)) return null;
  return new AppError(
    "FORBIDDEN",
    `you have ${role ? `the ${role} role` : "no role"} in namespace ${target.namespace}; this needs ${weakest} or above there`,
  );
}

/** For a namespace known only inside a handler (a flow created from its YAML): throws the refusal, if any. */
export function authorizeIn(person: Person, permission: Permission, namespace: string): void {
  const refused = refusal(person, permission, { namespace });
  if (refused) throw refused;
}
